"""A seeded generator of story corpora shaped like the real ones, for benchmarks.

    python benchmarks/corpus.py --stories 1000 --seed 7 --out /tmp/corpus
    python benchmarks/corpus.py --edit-fraction 0.05 --seed 7 --out /tmp/corpus

The first writes ``/tmp/corpus/stories/<slug>.md`` and
``/tmp/corpus/storybridge.toml``; the second edits a few words in every 20th
paragraph of an existing corpus, in place. The same arguments always give
the same bytes: every random choice comes from one ``random.Random`` seeded
with a string (string seeds do not depend on ``PYTHONHASHSEED``), and files
are visited in sorted order.

Stories are about 1,500 words (an English source; Korean and Chinese
sources carry about the same content), 85 % English, 10 % Korean and 5 %
Chinese. Text is word-like rather than real: English from a vocabulary,
Korean words from a pool of Hangul syllables with particles and verb
endings, Chinese clauses from a pool of common Han characters with ，and 。.
Paragraphs are hard-wrapped at 72 display columns (a Hangul syllable or
Han character counts two), as editors wrap them.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("en", "ko", "zh_Hans")
WIDTH = 72

CONFIG = """\
# Written by benchmarks/corpus.py.
languages = ["en", "ko", "zh_Hans"]
# Every translation is published (as a draft when incomplete), so `build`
# writes every file whatever the coverage, as po2md does.
below_threshold = "draft"
"""

# Common English words, most frequent first; choices are Zipf-weighted.
EN_WORDS = """
the of and to a in that is was he for it with as his on be at by i this had
not are but from or have an they which one you were her all she there would
their we him been has when who will more no if out so said what up its about
into than them can only other new some could time these two may then do first
any my now such like our over man me even most made after also did many before
must through back years where much your way well down should because each just
those people how too little state good very make world still own see men work
long get here between both life being under never day same another know while
last might us great old year off come since against go came right used take
three himself few house use during without again place around however home
small found thought went say part once general high upon school every does
got united left number course war until always away something fact water
though less public put think almost hand enough far took head yet government
system better set told nothing night end why called didn't eyes find going
look asked later knew point next city business give group toward young let
room president side social given present several order national possible
rather second face per among form important often things looked early white
case john become large big need four within felt along children saw best
church ever least power development thing light seemed family interest want
members mind country area others done turned although open god service certain
kind problem began different door thus help sense means whole matter perhaps
itself york it's times law human line above name example action company hands
local show whether five history gave today either act feet across taken past
quite anything seen having death week experience body word half really field
car words already themselves i'm information tell together college shall money
period held keep sure probably free seems political real behind cannot miss
refugees border mother father prayer hope village winter river bread journey
""".split()  # noqa: SIM905  (a word list reads best as running text)

EN_NAMES = """
Mrs. Jo|Pastor Kim|Sarah|Daniel|Mr. Lee|Grace|Joseph|Hannah|Ms. Park|Timothy|
Esther|the Reuters desk|Mrs. Choi|Peter|Ruth|Mr. Han|Naomi|Samuel
""".replace("\n", "").split("|")

# Frequent Hangul syllables; words are 1-3 of them plus a particle.
KO_SYLLABLES = (
    "가각간갈감강개거건걸것게겠고공과관교구국군그극근글금기길김나날남내너넘년노"
    "녀느는니다단달담당대더덕던데도동되된될두드든들등디따때또라락란람랑래러럼레려"
    "력로록론료루류르른를름리린림마만말망매머면명모목무문물미민바반받발방배백버번"
    "법변보복본부북분불비빛사산살상새생서선설성세소속손수순숙스습승시식신실심아안"
    "않알았애야약양어억언얼엄업없었에여역연열영예오온올와완왔외요우운울원월위유육"
    "으은을음의이인일임입있자작잘장재저적전절점정제조족존종주준중즐지직진질집차착"
    "참창책처천철청체초총최추출충치친칠카코크키타태터토통투트특파판편평포표풀프피"
    "필하학한할함합해했행향허험현형호화환활회후휘흐흔희히"
)
KO_PARTICLES = ("은", "는", "이", "가", "을", "를", "에", "에서", "의", "도", "와", "과", "으로", "로", "까지", "부터", "")
KO_ENDINGS = ("했습니다", "있습니다", "합니다", "되었다", "했다", "있었다", "말했다", "살았다", "기도합니다", "입니다", "보였다", "왔습니다")

# Frequent simplified Han characters.
ZH_CHARS = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作"
    "里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从"
    "想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头"
    "文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提"
    "立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务"
    "做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像"
    "难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导"
    "争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗"
    "字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器"
    "容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周"
    "较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章"
    "音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻"
    "父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久"
    "错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷"
    "祷告教会难民边境希望祈"
)


_EN_CUM_WEIGHTS = list(itertools.accumulate(1.0 / (rank + 8) for rank in range(len(EN_WORDS))))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Where one plain paragraph sits, for the editor."""

    start: int
    """0-based index of its first line in the file."""
    end: int
    """0-based index one past its last line."""


def char_width(text: str) -> int:
    """Display columns: East Asian wide characters count two."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for c in text if ord(c) >= 0x1100)


def wrap(tokens: list[str], width: int, sep: str = " ", prefix: str = "", indent: str = "") -> list[str]:
    """Greedy hard wrap of ``tokens`` joined by ``sep``: first line starts
    with ``prefix``, the others with ``indent``; a token never breaks."""
    lines: list[str] = []
    current: list[str] = []
    used = char_width(prefix)
    sep_width = len(sep)
    for token in tokens:
        w = char_width(token)
        if current and used + sep_width + w > width:
            lines.append((prefix if not lines else indent) + sep.join(current))
            current = [token]
            used = char_width(indent) + w
        else:
            used += (sep_width if current else 0) + w
            current.append(token)
    if current:
        lines.append((prefix if not lines else indent) + sep.join(current))
    return lines


class Writer:
    """Generates the text of one story in one language from a shared RNG."""

    def __init__(self, rng: random.Random, lang: str, slug: str) -> None:
        self.rng = rng
        self.lang = lang
        self.slug = slug
        self.count = 0
        """Words written so far (Chinese: characters / 1.7)."""
        self._images = 0
        self._links = 0

    # -- words -----------------------------------------------------------
    def en_words(self, n: int) -> list[str]:
        return self.rng.choices(EN_WORDS, cum_weights=_EN_CUM_WEIGHTS, k=n)

    def ko_word(self) -> str:
        syllables = "".join(self.rng.choices(KO_SYLLABLES, k=self.rng.choice((1, 2, 2, 2, 3, 3))))
        return syllables + self.rng.choice(KO_PARTICLES)

    def zh_clause(self, n: int) -> str:
        return "".join(self.rng.choices(ZH_CHARS, k=n))

    def phrase(self, n: int) -> str:
        """A short run of words (titles, link text, table cells)."""
        if self.lang == "en":
            return " ".join(self.en_words(n))
        if self.lang == "ko":
            return " ".join(self.ko_word() for _ in range(n))
        return self.zh_clause(2 * n)

    # -- inline markup -----------------------------------------------------
    def _url(self) -> str:
        self._links += 1
        kind = self.rng.random()
        if kind < 0.6:
            return f"https://example.org/{self.slug}/note-{self._links}"
        if kind < 0.9:
            return f"/stories/{self.slug}-{self._links}/"
        return f"https://example.com/report?id={self.rng.randrange(1000, 9999)}&lang=en"

    def _marked(self, words: list[str]) -> list[str]:
        """Put emphasis, strong, a link or a code span around a few words."""
        rng = self.rng
        marks = rng.choice((0, 0, 1, 1, 1, 2, 2, 3))
        for _ in range(marks):
            if len(words) < 6:
                break
            i = rng.randrange(0, len(words) - 4)
            span = rng.choice((1, 1, 2, 3))
            j = i + span - 1
            kind = rng.random()
            if any(re.search(r"[*\[\]`]", w) for w in words[i : j + 1]):
                continue
            trail = ""
            m = re.search(r"[.,;:?!]+$", words[j])
            if m:
                trail = m.group()
                words[j] = words[j][: m.start()]
            if kind < 0.9:
                opening, closing = (
                    ("*", "*") if kind < 0.35 else ("**", "**") if kind < 0.55 else ("[", f"]({self._url()})")
                )
                words[i] = opening + words[i]
                words[j] = words[j] + closing
            else:
                code = rng.choice(("git pull", "msgid", "config.toml", "--lang", "sync", "v2.1", "README.md"))
                words[i : j + 1] = [f"`{code}`"]
                j = i
            words[j] += trail
        return words

    # -- sentences -----------------------------------------------------------
    def en_sentence(self) -> list[str]:
        rng = self.rng
        n = rng.randint(6, 24)
        words = self.en_words(n)
        if rng.random() < 0.25:
            words[rng.randrange(1, n)] = rng.choice(EN_NAMES)
        if rng.random() < 0.08:
            words.insert(rng.randrange(1, n), f"{rng.randrange(2, 300)},000")
        if n > 10 and rng.random() < 0.5:
            words[rng.randrange(3, n - 3)] += ","
        words[0] = words[0][:1].upper() + words[0][1:]
        words[-1] += rng.choice((".", ".", ".", ".", ".", "?", "!"))
        if rng.random() < 0.07:
            words[0] = "“" + words[0]
            words[-1] += "”"
        return words

    def ko_sentence(self) -> list[str]:
        rng = self.rng
        words = [self.ko_word() for _ in range(rng.randint(4, 12))]
        words.append(rng.choice(KO_ENDINGS) + rng.choice((".", ".", ".", "?")))
        if len(words) > 6 and rng.random() < 0.4:
            words[rng.randrange(2, len(words) - 2)] += ","
        return words

    def zh_sentence(self) -> list[str]:
        """Chinese tokens are single characters (wrapping may break between
        any two), with punctuation glued to the character before it."""
        rng = self.rng
        clauses = [self.zh_clause(rng.randint(4, 13)) for _ in range(rng.randint(1, 4))]
        text = "，".join(clauses) + rng.choice(("。", "。", "。", "？", "！"))
        tokens: list[str] = []
        for c in text:
            if c in "，。？！" and tokens:
                tokens[-1] += c
            else:
                tokens.append(c)
        return tokens

    def paragraph_tokens(self, low: int, high: int) -> list[str]:
        """Tokens of one paragraph of ``low``..``high`` words."""
        target = self.rng.randint(low, high)
        tokens: list[str] = []
        if self.lang == "en":
            while len(tokens) < target:
                tokens += self.en_sentence()
            self.count += len(tokens)
            return self._marked(tokens)
        if self.lang == "ko":
            target = target * 3 // 4
            while len(tokens) < target:
                tokens += self.ko_sentence()
            self.count += len(tokens) * 4 // 3
            return self._marked(tokens)
        target = target * 17 // 10
        while len(tokens) < target:
            tokens += self.zh_sentence()
        self.count += len(tokens) * 10 // 17
        return self._zh_marked(tokens)

    def _zh_marked(self, tokens: list[str]) -> list[str]:
        """Chinese inline markup: a run of characters becomes one token."""
        rng = self.rng
        for _ in range(rng.choice((0, 1, 1, 2))):
            if len(tokens) < 12:
                break
            i = rng.randrange(0, len(tokens) - 8)
            span = rng.randint(2, 5)
            run = tokens[i : i + span]
            if any(re.search(r"[，。？！*\[`]", t) for t in run):
                continue
            text = "".join(run)
            kind = rng.random()
            if kind < 0.4:
                tokens[i : i + span] = [f"**{text}**"]
            elif kind < 0.8:
                tokens[i : i + span] = [f"[{text}]({self._url()})"]
            else:
                tokens[i : i + span] = [f"*{text}*"]
        return tokens

    def wrapped(self, tokens: list[str], prefix: str = "", indent: str = "") -> list[str]:
        return wrap(tokens, WIDTH, "" if self.lang == "zh_Hans" else " ", prefix, indent)

    # -- blocks ----------------------------------------------------------------
    def paragraph(self) -> list[str]:
        return self.wrapped(self.paragraph_tokens(35, 130))

    def heading(self) -> list[str]:
        rng = self.rng
        text = self.phrase(rng.randint(2, 6))
        if self.lang == "en":
            text = text[:1].upper() + text[1:]
        if rng.random() < 0.12:
            return [text, ("=" if rng.random() < 0.3 else "-") * max(3, char_width(text))]
        return [rng.choice(("##", "##", "##", "###")) + " " + text]

    def bullet_list(self) -> list[str]:
        rng = self.rng
        ordered = rng.random() < 0.35
        lines: list[str] = []
        for number in range(1, rng.randint(3, 6) + 1):
            marker = f"{number}. " if ordered else "- "
            pad = " " * len(marker)
            lines += self.wrapped(self.paragraph_tokens(4, 30), marker, pad)
            if rng.random() < 0.25:
                for _ in range(rng.randint(2, 3)):
                    lines += self.wrapped(self.paragraph_tokens(3, 14), pad + "- ", pad + "  ")
        return lines

    def block_quote(self) -> list[str]:
        rng = self.rng
        lines = self.wrapped(self.paragraph_tokens(20, 70), "> ", "> ")
        if rng.random() < 0.3:
            lines += [">"] + self.wrapped(self.paragraph_tokens(10, 40), "> ", "> ")
        if rng.random() < 0.3:
            lines += [">", "> — " + (rng.choice(EN_NAMES) if self.lang == "en" else self.phrase(2))]
        return lines

    def image(self) -> list[str]:
        self._images += 1
        alt = self.phrase(self.rng.randint(2, 6))
        title = f' "{self.phrase(2)}"' if self.rng.random() < 0.3 else ""
        return [f"![{alt}](/images/{self.slug}/photo-{self._images}.jpg{title})"]

    def fenced(self) -> list[str]:
        rng = self.rng
        info = rng.choice(("text", "python", "sh", ""))
        body = [
            f"{rng.choice(('verse', 'line', 'step'))} {k}: " + " ".join(self.en_words(rng.randint(2, 7)))
            for k in range(1, rng.randint(3, 8))
        ]
        return [f"```{info}", *body, "```"]

    def table(self) -> list[str]:
        rng = self.rng
        columns = rng.randint(2, 4)
        header = [self.phrase(rng.randint(1, 2)) for _ in range(columns)]
        rows = [[self.phrase(rng.randint(1, 4)) for _ in range(columns)] for _ in range(rng.randint(3, 6))]
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * columns) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        self.count += sum(len(cell.split()) for row in rows for cell in row)
        return lines

    def body(self, words: int) -> str:
        """Blocks until the story holds about ``words`` words."""
        rng = self.rng
        blocks: list[list[str]] = [self.paragraph(), self.paragraph()]
        fenced = rng.random() < 0.25
        table = rng.random() < 0.35
        since_heading = 2
        while self.count < words:
            roll = rng.random()
            if since_heading >= 4 and roll < 0.35:
                blocks.append(self.heading())
                since_heading = 0
                continue
            since_heading += 1
            if roll < 0.68:
                blocks.append(self.paragraph())
            elif roll < 0.80:
                blocks.append(self.bullet_list())
            elif roll < 0.90:
                blocks.append(self.block_quote())
            elif roll < 0.95:
                blocks.append(self.image())
            elif table:
                blocks.append(self.table())
                table = False
            elif fenced:
                blocks.append(self.fenced())
                fenced = False
            else:
                blocks.append(self.paragraph())
        blocks.append(self.paragraph())
        return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_story(rng: random.Random, number: int) -> tuple[str, str]:
    """One story: (slug, text)."""
    roll = rng.random()
    lang = "en" if roll < 0.85 else "ko" if roll < 0.95 else "zh_Hans"
    slug_words = "-".join(rng.choices(EN_WORDS[:400], k=rng.randint(2, 4))).replace("'", "")
    slug = f"{slug_words}-{number:05d}"
    writer = Writer(rng, lang, slug)
    title = writer.phrase(rng.randint(3, 9))
    if lang == "en":
        title = title[:1].upper() + title[1:]
    summary = ("" if lang == "zh_Hans" else " ").join(writer.paragraph_tokens(20, 45))
    summary = re.sub(r"[*`\[\]]", "", re.sub(r"\]\([^)]*\)", "", summary))
    date = f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    tags = rng.sample(("prayer", "refugees", "china", "testimony", "orphans", "lent", "news", "update", "family", "hope"), k=rng.randint(1, 4))
    writer.count = 0
    body = writer.body(1500)
    front = [
        "---",
        f"title: {_yaml_quote(title)}",
        f"date: {date}",
        f"slug: {slug}",
        f"lang: {lang}",
        f"summary: {_yaml_quote(summary)}",
        "tags:",
        *[f"  - {tag}" for tag in tags],
        "---",
        "",
    ]
    return slug, "\n".join(front) + "\n" + body


def generate(out: Path, stories: int, seed: int) -> list[Path]:
    """Write ``out/stories/*.md`` and ``out/storybridge.toml``; return the story paths."""
    rng = random.Random(f"storybridge-corpus-{seed}")
    folder = out / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    (out / "storybridge.toml").write_text(CONFIG, encoding="utf-8", newline="\n")
    paths = []
    for number in range(1, stories + 1):
        slug, text = make_story(rng, number)
        path = folder / f"{slug}.md"
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


# -- editing ---------------------------------------------------------------------

_NOT_PARAGRAPH = re.compile(r"^(?:#|>|[-*+] |\d+\. |\||```|!\[|    |\t|(?:[-=_*] ?){3,}$)")


def plain_paragraphs(lines: list[str]) -> list[Paragraph]:
    """The plain top-level paragraphs of a story's lines: front matter,
    fenced code, headings, lists, quotes, tables and images are skipped."""
    first = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    found: list[Paragraph] = []
    start: int | None = None
    fence = False
    for k in range(first, len(lines) + 1):
        line = lines[k] if k < len(lines) else ""
        if fence:
            fence = not line.startswith("```")
        elif start is None:
            if line.startswith("```"):
                fence = True
            elif line.strip():
                start = k
        elif not line.strip():
            if not _NOT_PARAGRAPH.match(lines[start]) and not re.fullmatch(r"[-=]+", lines[k - 1]):
                found.append(Paragraph(start, k))
            start = None
    return found


_EN_WORD = re.compile(r"(?<![^\s“])[a-z]{3,}(?=[\s,.?!”]|$)")
_KO_WORD = re.compile(r"(?<!\S)[\uac00-\ud7a3]{2,}")
_ZH_CHAR = re.compile(r"(?<![\[*])[\u4e00-\u9fff](?![\]*])")


def edit_lines(rng: random.Random, lines: list[str], paragraph: Paragraph, changes: int = 3) -> bool:
    """Change ``changes`` words (Chinese: characters) of one paragraph in
    place, keeping its line structure; True when anything changed."""
    text = "\n".join(lines[paragraph.start : paragraph.end])
    for pattern, make in (
        (_EN_WORD, lambda: rng.choice(EN_WORDS[:300])),
        (_KO_WORD, lambda: "".join(rng.choices(KO_SYLLABLES, k=2))),
        (_ZH_CHAR, lambda: rng.choice(ZH_CHARS)),
    ):
        matches = list(pattern.finditer(text))
        if len(matches) >= changes:
            break
    else:
        return False
    picked = sorted(rng.sample(range(len(matches)), changes), reverse=True)
    for index in picked:
        m = matches[index]
        new = make()
        if new == m.group():
            new = new + new[-1]
        text = text[: m.start()] + new + text[m.end() :]
    lines[paragraph.start : paragraph.end] = text.split("\n")
    return True


def edit_corpus(out: Path, fraction: float = 0.05, seed: int = 0) -> tuple[int, int]:
    """Edit every ``1/fraction``-th plain paragraph of the corpus (counted
    across all stories in slug order) in place; returns (paragraphs edited,
    stories changed). The same corpus, fraction and seed give the same bytes."""
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    step = max(1, round(1 / fraction))
    rng = random.Random(f"storybridge-edit-{seed}-{fraction}")
    counter = 0
    edited = touched = 0
    for path in sorted((out / "stories").glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        changed = False
        for paragraph in plain_paragraphs(lines):
            counter += 1
            if counter % step == 0 and edit_lines(rng, lines, paragraph):
                edited += 1
                changed = True
        if changed:
            path.write_text("\n".join(lines), encoding="utf-8", newline="\n")
            touched += 1
    return edited, touched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, help="generate this many stories")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="the corpus folder")
    parser.add_argument("--edit-fraction", type=float, help="edit this fraction of the paragraphs in place")
    args = parser.parse_args(argv)
    if args.stories is None and args.edit_fraction is None:
        parser.error("give --stories N, --edit-fraction F, or both")
    if args.stories is not None:
        paths = generate(args.out, args.stories, args.seed)
        print(f"wrote {len(paths)} stories to {args.out / 'stories'}", file=sys.stderr)
    if args.edit_fraction is not None:
        edited, touched = edit_corpus(args.out, args.edit_fraction, args.seed)
        print(f"edited {edited} paragraphs in {touched} stories", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
