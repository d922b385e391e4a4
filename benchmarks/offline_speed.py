#!/usr/bin/env python3
"""Offline speed benchmark: roadmap-lint against markdownlint-cli2 (rule MD051 only).

Usage:
    python benchmarks/offline_speed.py [--roadmap-lint CMD] [--runs N]

Steps:
1. Generate a deterministic (seeded) roadmap of about 1.3 MB: 2,000 sections, a table
   of contents, about 13,000 links, some in-document anchors deliberately broken.
2. Install markdownlint-cli2 with npm into benchmarks/.work/node (once) and configure it
   to run MD051 (link-fragments) and nothing else.
3. Time both tools alternately, N runs each, plus `roadmap-lint --version`.
4. Count the broken anchors each tool reports.

Standard library only. Everything generated lives in benchmarks/.work/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from common import default_roadmap_lint

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
BENCH_DIR = WORK / "bench"
NODE_DIR = WORK / "node"
ROADMAP_NAME = "roadmap.md"
MDL_CONFIG_NAME = ".markdownlint-cli2.jsonc"

SECTIONS = 2000
SEED = 20_251_125
RATIO_TARGET = 0.5  # roadmap-lint at most half of markdownlint-cli2's MD051 time
VERSION_TARGET_MS = 150.0
VERSION_RUNS = 20

# ---------------------------------------------------------------------------------------
# 1. The roadmap generator
# ---------------------------------------------------------------------------------------

# fmt: off
PART_EMOJI = [
    "🐍", "🌐", "🗄️", "🚀", "🧪", "🔒", "⚙️", "☁️", "📦", "🧠", "🛠️", "📈", "🎨", "🤖", "🧩", "🔍",
]

AREAS = [
    "Programming Basics", "The Web", "Databases", "Deployment", "Testing & QA", "Security",
    "Networking", "Operating Systems", "Data Structures", "Algorithms", "Cloud Platforms",
    "Containers & Orchestration", "CI/CD", "Observability", "Machine Learning",
    "Frontend Frameworks", "APIs & Protocols", "Caching", "Message Queues", "Search Engines",
    "Software Architecture", "Soft Skills", "Version Control", "Linux Command Line",
    "Concurrency", "Performance Tuning", "Mobile Development", "Game Development",
    "Data Engineering", "Functional Programming", "Compilers & Interpreters", "Accessibility",
    "Documentation", "Open Source", "Career & Interviews", "Distributed Systems",
]
AREA_SUFFIXES = ["", "", " (Advanced)", " — Part II", ": Deep Dive", " in Practice"]

TOPICS = [
    "Python", "Git & GitHub", "HTTP/2 & HTTP/3", "C++", "C#", "Node.js", "TypeScript",
    "k-Nearest Neighbors (k-NN)", "What is DNS?", "REST vs. GraphQL", "OAuth 2.0", "`asyncio`",
    "Big-O Notation", "TLS 1.3", "Rust 🦀", "Docker 🐳", "Kubernetes ☸️", "PostgreSQL", "SQLite",
    "Redis", "MongoDB", "Kafka", "RabbitMQ", "Elasticsearch", "Nginx", "Load Balancing",
    "WebSockets", "gRPC", "JSON & YAML", "Regular Expressions", "Unit Testing",
    "Property-Based Testing", "Mocking & Stubbing", "CSS Grid", "Flexbox", "React", "Vue.js",
    "Svelte", "Web Components", "Service Workers", "Terraform", "Ansible", "AWS Lambda",
    "Google Cloud Run", "Azure Functions", "Prometheus", "Grafana", "OpenTelemetry",
    "Logging Best Practices", "Hash Tables", "Linked Lists", "Trees & Graphs",
    "Dynamic Programming", "Sorting Algorithms", "Binary Search", "Recursion",
    "Object-Oriented Design", "SOLID Principles", "Design Patterns", "Microservices",
    "Event Sourcing", "CQRS", "Domain-Driven Design", "Threads vs. Processes", "async/await",
    "Memory Management", "Garbage Collection", "Profiling", "Benchmarking", "Bash Scripting",
    "SSH & Keys", "File Permissions", "Processes & Signals", "Vim", "VS Code", "Emacs",
    "Neural Networks", "Linear Regression", "Decision Trees", "Pandas", "NumPy",
    "Jupyter Notebooks", "Spark", "Airflow", "dbt", "Data Warehouses", "ETL Pipelines",
    "Kotlin", "Swift", "Flutter", "React Native", "Unity", "Godot", "Haskell", "Elixir", "Go",
    "Java", "Scala", "Clojure", "Lisp & Scheme", "Parsing", "Lexers", "WebAssembly",
    "Screen Readers", "ARIA Roles", "Writing READMEs", "Code Review", "Pair Programming",
    "Résumé Tips", "System Design Interviews", "Consensus (Raft & Paxos)", "CAP Theorem",
    "Idempotency", "Rate Limiting", "CORS", "XSS & CSRF", "SQL Injection", "Secrets Management",
    "Zero-Trust Networking", "IPv6", "TCP/IP", "UDP", "Café Culture & Remote Work",
    "Naïve Bayes", "Größenordnung (Orders of Magnitude)", "Q&A", "FAQ", "Why Rust?",
    "Tips & Tricks!", "Hello, World!", "The `main()` Function", "Monads (Sort Of)",
]
TOPIC_QUALIFIERS = [
    "Basics", "for Beginners", "in Depth", "Internals", "Best Practices", "at Scale", "Tooling",
    "Ecosystem", "Patterns", "— Getting Started", "(Optional)", "⭐",
]
SUBSECTIONS = [
    "📖 Books", "Resources", "Further Reading", "Exercises", "Videos 🎥", "Cheat Sheets",
    "Projects", "Interview Questions", "Tools", "Courses", "Articles", "Podcasts 🎧",
]

HOSTS = [
    ("github.com", "repo"), ("www.youtube.com", "video"), ("developer.mozilla.org", "docs"),
    ("medium.com", "blog"), ("dev.to", "blog"), ("www.freecodecamp.org", "news"),
    ("realpython.com", "article"), ("docs.python.org", "docs"), ("en.wikipedia.org", "wiki"),
    ("stackoverflow.com", "question"), ("www.coursera.org", "course"),
    ("www.udemy.com", "course"), ("roadmap.sh", "article"), ("martinfowler.com", "article"),
    ("css-tricks.com", "article"), ("web.dev", "docs"), ("learn.microsoft.com", "docs"),
    ("cloud.google.com", "docs"), ("docs.aws.amazon.com", "docs"), ("kubernetes.io", "docs"),
    ("www.postgresql.org", "docs"), ("go.dev", "docs"), ("doc.rust-lang.org", "docs"),
    ("www.baeldung.com", "article"), ("news.ycombinator.com", "item"),
    ("www.reddit.com", "reddit"), ("gist.github.com", "gist"), ("www.oreilly.com", "book"),
    ("leanpub.com", "book"), ("www.manning.com", "book"), ("arxiv.org", "paper"),
    ("blog.cloudflare.com", "blog"), ("engineering.fb.com", "blog"),
    ("netflixtechblog.com", "blog"), ("www.khanacademy.org", "course"),
    ("exercism.org", "course"), ("leetcode.com", "problem"), ("www.hackerrank.com", "problem"),
    ("codepen.io", "pen"), ("jsfiddle.net", "pen"), ("npmjs.com", "package"),
    ("pypi.org", "package"), ("crates.io", "package"), ("pkg.go.dev", "package"),
    ("hub.docker.com", "package"),
]

WORDS = [
    "guide", "tutorial", "handbook", "introduction", "crash", "course", "deep", "dive",
    "primer", "walkthrough", "notes", "cheatsheet", "reference", "explained", "visualized",
    "practical", "modern", "complete", "beginner", "advanced", "essential", "ultimate",
    "hands-on", "interactive", "free", "open-source", "illustrated", "annotated", "quick",
    "gentle", "definitive", "comprehensive", "curated", "pragmatic", "idiomatic", "effective",
    "clean", "minimal", "real-world", "production", "scalable", "reliable", "secure", "fast",
    "tiny", "lightweight", "zero-to-hero", "patterns", "pitfalls", "internals", "performance",
    "architecture", "testing", "debugging", "deployment", "workshop", "playground", "exercises",
    "examples", "recipes", "cookbook", "roadmap", "checklist", "glossary",
]

DESC_PHRASES = [
    "A gentle introduction", "Covers the fundamentals", "The official docs",
    "Short visual explainers", "Interactive exercises", "Free book, PDF and EPUB",
    "Good for interviews", "Internals, step by step", "Tips from production",
    "Community-maintained", "In-depth, with benchmarks", "Opinionated but readable",
    "Includes a cheat sheet", "Hands-on labs", "University lecture notes",
    "Compares the main approaches", "Read after the previous one", "Dated, but still useful",
    "Common mistakes", "Lots of diagrams",
]
DESC_TAILS = [
    "", "", "", "", " (2024)", " ⭐", " 🔥", " (paid)", " (ES/EN)", " — a classic",
]
# fmt: on


def slugify(text: str) -> str:
    """GitHub's heading id for plain heading text (no de-duplication)."""
    kept = []
    for char in text.lower():
        if (
            char in " -"
            or unicodedata.category(char)[0] in "LMN"
            or unicodedata.category(char) == "Pc"
        ):
            kept.append(char)
    return "".join(kept).replace(" ", "-")


def heading_plain_text(title: str) -> str:
    """What the slugger sees: inline-code backticks and emphasis markers are not text."""
    return title.replace("`", "").replace("**", "")


@dataclass
class Section:
    level: int
    title: str
    slug: str = ""
    base_slug: str = ""


@dataclass
class Roadmap:
    text: str
    sections: list[Section]
    counts: dict[str, int] = field(default_factory=dict)


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = {
            "external": 0,
            "toc": 0,
            "cross_ref": 0,
            "back_to_top": 0,
            "reference_use": 0,
            "image": 0,
            "broken_missing": 0,
            "broken_case_only": 0,
        }

    # -- headings ------------------------------------------------------------------------

    def outline(self) -> list[Section]:
        rng = self.rng
        sections: list[Section] = []
        part = 0
        while len(sections) < SECTIONS:
            part += 1
            area = (
                AREAS[(part - 1) % len(AREAS)]
                + AREA_SUFFIXES[(part - 1) // len(AREAS) % len(AREA_SUFFIXES)]
            )
            emoji = PART_EMOJI[(part - 1) % len(PART_EMOJI)]
            sections.append(Section(2, f"{emoji} {part}. {area}"))
            for _ in range(rng.randint(6, 12)):
                if len(sections) >= SECTIONS:
                    break
                topic = rng.choice(TOPICS)  # repeats across parts: duplicate titles
                if rng.random() < 0.5:
                    topic = f"{topic} {rng.choice(TOPIC_QUALIFIERS)}"
                sections.append(Section(3, topic))
                for sub in rng.sample(SUBSECTIONS, rng.choice([0, 0, 1, 1, 2, 3])):
                    if len(sections) >= SECTIONS:
                        break
                    # Mostly "Books on X"; a bare "Books" again and again is common too.
                    if rng.random() < 0.6:
                        sub = f"{sub} on {topic}"
                    sections.append(Section(4, sub))
        # GitHub's de-duplication: the 2nd "Resources" becomes resources-1, and so on.
        seen: dict[str, int] = {"-table-of-contents": 1}
        for section in sections:
            base = slugify(heading_plain_text(section.title))
            count = seen.get(base, 0)
            section.slug = f"{base}-{count}" if count else base
            section.base_slug = base
            seen[base] = count + 1
            seen.setdefault(section.slug, 1)
        return sections

    # -- broken anchors -------------------------------------------------------------------

    def break_slug(self, slug: str, valid: set[str]) -> str:
        """A fragment that matches no heading, not even case-insensitively."""
        rng = self.rng
        for _ in range(50):
            kind = rng.randrange(4)
            core = slug.strip("-") or "section"
            if kind == 0 and len(core) > 3:  # a dropped letter (typo)
                cut = rng.randrange(1, len(core) - 1)
                candidate = core[:cut] + core[cut + 1 :]
            elif kind == 1:  # a section that was renamed or removed
                candidate = f"{core}-{rng.choice(['old', 'legacy', 'draft', 'v1'])}"
            elif kind == 2:  # a duplicate suffix that no longer exists
                candidate = f"{core}-{rng.randint(40, 99)}"
            else:  # British spelling / transposed letters
                index = rng.randrange(len(core) - 1) if len(core) > 1 else 0
                candidate = (
                    core[:index]
                    + core[index + 1 : index + 2]
                    + core[index : index + 1]
                    + core[index + 2 :]
                )
            if candidate.lower() not in valid and candidate:
                self.counts["broken_missing"] += 1
                return candidate
        self.counts["broken_missing"] += 1
        return "this-section-was-removed"

    def case_only(self, slug: str) -> str:
        self.counts["broken_case_only"] += 1
        return "".join(part.capitalize() for part in re.split(r"(-)", slug))

    def fragment_for(
        self, section: Section, valid: set[str], broken_rate: float, case_rate: float
    ) -> str:
        roll = self.rng.random()
        if roll < broken_rate:
            return self.break_slug(section.slug, valid)
        if roll < broken_rate + case_rate and any(c.isalpha() for c in section.slug):
            return self.case_only(section.slug)
        return section.slug

    # -- links ----------------------------------------------------------------------------

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def url(self, topic: str) -> str:
        rng = self.rng
        host, kind = rng.choice(HOSTS)
        slug = slugify(topic).strip("-") or "topic"
        word = rng.choice(WORDS).replace(" ", "-")
        ident = "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
            for _ in range(11)
        )
        if kind == "repo":
            path = f"/{word}/{slug}"
        elif kind == "video":
            path = f"/watch?v={ident}"
        elif kind == "wiki":
            path = "/wiki/" + topic.replace(" ", "_").replace("`", "").replace("?", "%3F")
        elif kind == "docs":
            prefix = "/en-US/docs" if host == "developer.mozilla.org" else "/docs"
            path = f"{prefix}/{slug}" + (f"#{rng.choice(WORDS)}" if rng.random() < 0.2 else "")
        elif kind == "blog":
            path = f"/@{word}/{slug}-{ident.lower()[:6]}"
        elif kind == "question":
            path = f"/questions/{rng.randint(1000, 79_999_999)}/{slug}"
        elif kind == "package":
            path = f"/package/{slug}"
        else:
            path = f"/{kind}/{slug}"
        return f"https://{host}{path}"

    def external_item(self, topic: str) -> str:
        rng = self.rng
        self.counts["external"] += 1
        plain = heading_plain_text(topic)
        title = rng.choice(
            [
                f"{plain} {rng.choice(WORDS).title()}",
                f"The {plain} {rng.choice(['Guide', 'Book', 'Course', 'Handbook'])}",
                f"{self.words(2, 3).capitalize()}",
                f"{plain} in {rng.randint(2, 30)} {rng.choice(['Minutes', 'Days', 'Steps'])}",
            ]
        )
        description = rng.choice(DESC_PHRASES) + rng.choice(DESC_TAILS)
        item = f"- [{title}]({self.url(topic)}) - {description}."
        if rng.random() < 0.01:
            self.counts["image"] += 1
            repo = f"{rng.choice(WORDS)}/{slugify(plain).strip('-') or 'x'}"
            item += f" ![GitHub stars](https://img.shields.io/github/stars/{repo}?style=social)"
        return item

    # -- the document ---------------------------------------------------------------------

    def generate(self) -> Roadmap:
        rng = self.rng
        sections = self.outline()
        valid = {s.slug.lower() for s in sections} | {"-table-of-contents", "top"}
        out: list[str] = [
            "# 🗺️ The Developer Roadmap 2026",
            "",
            "![Roadmap overview](images/overview.svg)",
            "",
            "> A curated, community-maintained path through everything a developer may want to",
            "> learn, from the first `print()` to running distributed systems in production.",
            "> Pull requests are welcome: see [how to contribute][contributing].",
            "",
            "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re) "
            "[![License: CC0](https://img.shields.io/badge/license-CC0-blue.svg)](https://creativecommons.org/publicdomain/zero/1.0/)",
            "",
            "## 📚 Table of Contents",
            "",
        ]
        self.counts["image"] += 3
        self.counts["external"] += 2
        self.counts["reference_use"] += 1
        # Table of contents: nested bullets for every section, a few entries broken.
        for section in sections:
            indent = "  " * (section.level - 2)
            fragment = self.fragment_for(section, valid, broken_rate=0.012, case_rate=0.002)
            self.counts["toc"] += 1
            out.append(f"{indent}- [{section.title}](#{fragment})")
        out.append("")

        reference_definitions: list[str] = [
            "[contributing]: https://github.com/roadmap-dev/roadmap/blob/main/CONTRIBUTING.md",
        ]
        topic = "Programming"
        for index, section in enumerate(sections):
            if section.level == 2 and index > 0:
                self.counts["back_to_top"] += 1
                out.append(
                    rng.choice(
                        ["**[⬆ back to top](#-table-of-contents)**", "[🔝 Back to top](#top)"]
                    )
                )
                out.append("")
            out.append(f"{'#' * section.level} {section.title}")
            out.append("")
            if section.level == 3:
                topic = section.title
                for qualifier in TOPIC_QUALIFIERS:
                    topic = topic.removesuffix(f" {qualifier}")
            if section.level == 2:
                area = section.title.split(". ", 1)[-1].lower()
                out.append(f"This part covers {area}: {self.words(6, 14)}.")
                if rng.random() < 0.25:
                    self.counts["image"] += 1
                    out.append("")
                    out.append(f"![{section.title} diagram](images/part-{index % 8}.svg)")
                out.append("")
                continue
            # Prose with cross-references to other sections (some broken).
            if rng.random() < 0.3:
                targets = rng.sample(sections, rng.randint(1, 2))
                refs = []
                for target in targets:
                    self.counts["cross_ref"] += 1
                    fragment = self.fragment_for(target, valid, broken_rate=0.15, case_rate=0.01)
                    refs.append(f"[{heading_plain_text(target.title)}](#{fragment})")
                out.append(f"{self.words(1, 4).capitalize()}: see {' and '.join(refs)}.")
                out.append("")
            # A reference-style link now and then.
            if rng.random() < 0.02:
                label = f"ref-{len(reference_definitions)}"
                target = rng.choice(sections)
                self.counts["reference_use"] += 1
                if rng.random() < 0.5:
                    fragment = self.fragment_for(target, valid, broken_rate=0.1, case_rate=0.0)
                    reference_definitions.append(f"[{label}]: #{fragment}")
                else:
                    reference_definitions.append(f"[{label}]: {self.url(topic)}")
                out.append(f"Related: [{heading_plain_text(target.title)}][{label}].")
                out.append("")
            for _ in range(rng.randint(3, 7) + (rng.random() < 0.25)):
                out.append(self.external_item(topic))
            out.append("")
        out.append("**[⬆ back to top](#-table-of-contents)**")
        self.counts["back_to_top"] += 1
        out.append("")
        out.append("## License")
        out.append("")
        out.append(
            "[![CC0](https://licensebuttons.net/p/zero/1.0/88x31.png)](https://creativecommons.org/publicdomain/zero/1.0/)"
        )
        self.counts["image"] += 1
        self.counts["external"] += 1
        out.append("")
        out.extend(reference_definitions)
        out.append("")
        return Roadmap("\n".join(out), sections, self.counts)


def generate(seed: int) -> tuple[Path, Roadmap]:
    roadmap = _Generator(seed).generate()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    images = BENCH_DIR / "images"
    images.mkdir(exist_ok=True)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
    for name in ["overview.svg", *(f"part-{i}.svg" for i in range(8))]:
        (images / name).write_text(svg, encoding="utf-8")
    path = BENCH_DIR / ROADMAP_NAME
    path.write_text(roadmap.text, encoding="utf-8")
    return path, roadmap


# ---------------------------------------------------------------------------------------
# 2. markdownlint-cli2
# ---------------------------------------------------------------------------------------


def markdownlint_bin() -> Path:
    return NODE_DIR / "node_modules" / ".bin" / "markdownlint-cli2"


def ensure_markdownlint() -> Path:
    binary = markdownlint_bin()
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("offline_speed: npm is needed to install markdownlint-cli2")
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        print(
            f"installing markdownlint-cli2 into {NODE_DIR.relative_to(HERE.parent)} ...", flush=True
        )
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(NODE_DIR),
                "--no-audit",
                "--no-fund",
                "markdownlint-cli2",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # markdownlint-cli2 reads .markdownlint-cli2.jsonc from each folder between the current
    # directory and the file's folder; it is run with the file's folder as the current
    # directory, so this config (and no config of the repository) applies.
    config = {"config": {"default": False, "MD051": True}}
    (BENCH_DIR / MDL_CONFIG_NAME).write_text(
        "// Written by benchmarks/offline_speed.py: only MD051 (link-fragments).\n"
        + json.dumps(config, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return binary


def markdownlint_version(binary: Path) -> str:
    package = NODE_DIR / "node_modules" / "markdownlint-cli2" / "package.json"
    core = NODE_DIR / "node_modules" / "markdownlint" / "package.json"
    try:
        version = json.loads(package.read_text(encoding="utf-8"))["version"]
        core_version = json.loads(core.read_text(encoding="utf-8"))["version"]
        return f"markdownlint-cli2 {version} (markdownlint {core_version})"
    except (OSError, KeyError, ValueError):
        return "markdownlint-cli2 (version unknown)"


# ---------------------------------------------------------------------------------------
# 3./4. Timing and counting
# ---------------------------------------------------------------------------------------


def timed(command: list[str], expect: tuple[int, ...]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=BENCH_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - start
    if completed.returncode not in expect:
        status = completed.returncode
        sys.exit(f"offline_speed: {shlex.join(command)} exited {status} (expected {expect})")
    return elapsed


def count_roadmap_lint(command: list[str]) -> dict[str, int]:
    completed = subprocess.run(
        [*command, "--offline", "--format", "json", ROADMAP_NAME],
        cwd=BENCH_DIR,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if completed.returncode not in (0, 1):
        sys.exit(
            f"offline_speed: roadmap-lint failed ({completed.returncode}):\n{completed.stderr}"
        )
    report = json.loads(completed.stdout)
    counts: dict[str, int] = {"links": report["summary"]["links"]}
    for finding in report["findings"]:
        counts[finding["rule"]] = counts.get(finding["rule"], 0) + 1
    return counts


_MDL_LINE = re.compile(r"^\S.*?:\d+(?::\d+)? (?:error |warning )?(MD\d{3})/[\w/-]+ (.*)$")


def count_markdownlint(binary: Path) -> dict[str, int]:
    completed = subprocess.run(
        [str(binary), ROADMAP_NAME],
        cwd=BENCH_DIR,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if completed.returncode not in (0, 1):
        sys.exit(
            f"offline_speed: markdownlint-cli2 failed ({completed.returncode}):\n{completed.stderr}"
        )
    counts: dict[str, int] = {}
    for line in (completed.stdout + completed.stderr).splitlines():
        match = _MDL_LINE.match(line)
        if match:
            rule = match.group(1)
            if rule == "MD051" and match.group(2).startswith(
                "Link fragments should be valid [Expected:"
            ):
                rule = "MD051 (case only)"
            counts[rule] = counts.get(rule, 0) + 1
    return counts


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--roadmap-lint",
        metavar="CMD",
        help="command to run roadmap-lint (default: the one next to this Python, else on PATH)",
    )
    parser.add_argument(
        "--runs", type=int, default=5, metavar="N", help="timed runs of each tool (default: 5)"
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default: {SEED})")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    roadmap_lint = shlex.split(args.roadmap_lint) if args.roadmap_lint else default_roadmap_lint()

    path, roadmap = generate(args.seed)
    mdl = ensure_markdownlint()
    c = roadmap.counts
    in_doc = c["toc"] + c["cross_ref"] + c["back_to_top"]
    total_links = c["external"] + in_doc + c["reference_use"] + c["image"]
    levels = {level: sum(1 for s in roadmap.sections if s.level == level) for level in (2, 3, 4)}
    duplicates = sum(1 for s in roadmap.sections if s.slug != s.base_slug)
    print(
        f"file       {path.relative_to(HERE.parent)}: {path.stat().st_size / 1e6:.2f} MB, "
        f"{roadmap.text.count(chr(10)) + 1:,} lines, seed {args.seed}"
    )
    print(
        f"sections   {len(roadmap.sections):,} (h2 {levels[2]}, h3 {levels[3]}, h4 {levels[4]}; "
        f"{duplicates} with a -N duplicate slug)"
    )
    print(
        f"links      {total_links:,}: {c['external']:,} external, {in_doc:,} in-document "
        f"(TOC {c['toc']:,}, cross-refs {c['cross_ref']}, back-to-top {c['back_to_top']}), "
        f"{c['reference_use']} reference-style, {c['image']} images"
    )
    print(
        f"broken     {c['broken_missing']} missing anchors + "
        f"{c['broken_case_only']} case-only mismatches generated"
    )
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    print(
        f"tools      roadmap-lint: {shlex.join(roadmap_lint)}; "
        f"{markdownlint_version(mdl)}, node {node}"
    )

    rl_cmd = [*roadmap_lint, "--offline", "--format", "json", ROADMAP_NAME]
    mdl_cmd = [str(mdl), ROADMAP_NAME]
    # Findings make both exit 1; one untimed warm-up each (disk cache, .pyc files).
    timed(rl_cmd, (0, 1))
    timed(mdl_cmd, (0, 1))
    rl_times: list[float] = []
    mdl_times: list[float] = []
    print(f"timing     {args.runs} alternating runs each ...", flush=True)
    for run in range(args.runs):
        order = [(rl_cmd, rl_times), (mdl_cmd, mdl_times)]
        if run % 2:
            order.reverse()
        for command, times in order:
            times.append(timed(command, (0, 1)))
    version_times = [timed([*roadmap_lint, "--version"], (0,)) for _ in range(VERSION_RUNS)]

    rl_median, mdl_median = statistics.median(rl_times), statistics.median(mdl_times)
    ratio = rl_median / mdl_median
    version_median = statistics.median(version_times)

    rl_counts = count_roadmap_lint(roadmap_lint)
    mdl_counts = count_markdownlint(mdl)
    other_rules = sorted(rule for rule in mdl_counts if not rule.startswith("MD051"))

    print()
    print(f"{'command':<52} {'median':>9} {'min':>9} {'runs':>5}")
    print("-" * 78)
    timings = [
        (f"roadmap-lint --offline --format json {ROADMAP_NAME}", rl_times),
        (f"markdownlint-cli2 {ROADMAP_NAME} (MD051 only)", mdl_times),
        ("roadmap-lint --version", version_times),
    ]
    for label, times in timings:
        median = fmt_ms(statistics.median(times))
        print(f"{label:<52} {median:>9} {fmt_ms(min(times)):>9} {len(times):>5}")
    print()
    rows = [
        ("generated (deliberately broken)", c["broken_missing"], c["broken_case_only"]),
        (
            "roadmap-lint (broken-anchor / anchor-case)",
            rl_counts.get("broken-anchor", 0),
            rl_counts.get("anchor-case", 0),
        ),
        (
            "markdownlint-cli2 (MD051 / MD051 'Expected:')",
            mdl_counts.get("MD051", 0),
            mdl_counts.get("MD051 (case only)", 0),
        ),
    ]
    print(f"{'broken anchors':<52} {'missing':>9} {'case':>9} {'total':>5}")
    print("-" * 78)
    for label, missing, case in rows:
        print(f"{label:<52} {missing:>9} {case:>9} {missing + case:>5}")
    others = {
        k: v for k, v in rl_counts.items() if k not in ("links", "broken-anchor", "anchor-case")
    }
    print(f"roadmap-lint other findings: {others or 'none'}; links seen: {rl_counts['links']:,}")
    print(
        f"markdownlint-cli2 rules reported: {', '.join(sorted(mdl_counts)) or 'none'}"
        + (
            f"  (UNEXPECTED: {', '.join(other_rules)})"
            if other_rules
            else " (MD051 only, as configured)"
        )
    )
    print()
    ratio_ok = ratio <= RATIO_TARGET
    version_ok = version_median * 1000 < VERSION_TARGET_MS
    print(
        f"target: roadmap-lint / markdownlint-cli2 (median) = {ratio:.2f}  "
        f"(<= {RATIO_TARGET:g})   {'MET' if ratio_ok else 'NOT MET'}"
    )
    print(
        f"target: roadmap-lint --version median = {version_median * 1000:.0f} ms  "
        f"(< {VERSION_TARGET_MS:.0f} ms)   {'MET' if version_ok else 'NOT MET'}"
    )
    return 0 if ratio_ok and version_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
