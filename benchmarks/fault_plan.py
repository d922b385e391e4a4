"""What the simulated internet does in one run: hosts, faults, the truth, the physical limit.

`build_plan` decides, deterministically from a seed, which hosts misbehave and how, which
URLs fail and how, and what the right verdict on every URL is. `physical_limit` computes the
least wall time any client that respects each host's budget could need for that plan.
Standard library only.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from simulator import RETRY_AFTER, HostSpec, PathRule, SimConfig, address

# Sizes the benchmark knows: URLs → hosts.
SIZES = {600: 30, 2000: 60, 10_000: 60}


@dataclass(frozen=True)
class FaultMix:
    """How much of each fault a run has. Host shares are of the hosts, URL shares of the
    URLs on hosts that answer normally (healthy, tight and burst hosts)."""

    hung_hosts: int = 2  # accept the connection, never answer anything
    head_hosts: float = 0.07  # HEAD answered 405, 501 or 404 (in turn); GET 200
    wall_hosts: float = 0.05  # 403 unless the User-Agent is a browser's
    challenge_hosts: float = 0.03  # 403 with cf-mitigated: challenge, to everyone
    tight_hosts: float = 0.07  # half the budget, and 429 beyond it
    burst_hosts: float = 0.05  # at most burst_rate requests per second at the start
    wait_share: float = 0.5  # of the other hosts, those that queue beyond the budget (else 429)
    hung_urls: float = 0.0015  # single URLs never answered, on otherwise healthy hosts (>= 1)
    fail_once: float = 0.02  # 500, 503, 503 with Retry-After (in turn) once, then 200
    redirects: float = 0.05  # 301, 301, 308, two hops (301 then 308), 301 to another host
    dead: float = 0.03  # 404, 404, 404, 410, 410 to HEAD and GET
    burst_rate: int = 4  # requests per second a burst host accepts at first ...
    burst_seconds: float = 5.0  # ... for this long after its first request


MIX = FaultMix()
NO_FAULTS = FaultMix(
    hung_hosts=0,
    head_hosts=0.0,
    wall_hosts=0.0,
    challenge_hosts=0.0,
    tight_hosts=0.0,
    burst_hosts=0.0,
    wait_share=0.0,
    hung_urls=0.0,
    fail_once=0.0,
    redirects=0.0,
    dead=0.0,
)
PRESETS = {"mix": MIX, "none": NO_FAULTS}


def fault_names() -> list[str]:
    return [f.name.replace("_", "-") for f in fields(FaultMix)]


def with_overrides(mix: FaultMix, overrides: list[str]) -> FaultMix:
    """`name=value` pairs (e.g. `hung-hosts=0`, `dead=0.1`) applied to a mix."""
    for item in overrides:
        name, sep, value = item.partition("=")
        key = name.strip().replace("-", "_")
        kinds = {f.name: f.type for f in fields(FaultMix)}
        if not sep or key not in kinds:
            raise ValueError(f"--fault {item!r}: expected NAME=VALUE, NAME one of {fault_names()}")
        number: Any = int(value) if kinds[key] in ("int", int) else float(value)
        if number < 0:
            raise ValueError(f"--fault {item!r}: must not be negative")
        mix = replace(mix, **{key: number})
    return mix


# ---------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------

ALIVE, DEAD, BLOCKED = "alive", "dead", "blocked"
# Kinds of host whose URLs all behave as the host does (no per-URL faults on them).
_WHOLE_HOST_KINDS = ("hung", "head-405", "head-501", "head-404", "bot-wall", "challenge")
_HEAD_KINDS = ("head-405", "head-501", "head-404")


@dataclass
class Plan:
    urls: list[str]
    url_host: list[int]
    category: list[str]  # the fault each URL has (or its host has), for the breakdown
    truth: list[str]  # alive / dead / blocked
    redirected: list[bool]  # a chain of permanent redirects: "redirected" is the exact verdict
    hosts: list[HostSpec]
    roles: list[str]  # healthy-wait, healthy-429, tight, burst, hung, head-405, ...
    rules: dict[tuple[int, str], PathRule] = field(default_factory=dict)
    owner: dict[tuple[int, str], int] = field(default_factory=dict)  # (host, path) → URL index
    counts: list[int] = field(default_factory=list)  # URLs listed per host

    def config(self) -> SimConfig:
        return SimConfig(self.hosts, self.rules)


def spread(urls: int, hosts: int, skew: float) -> list[int]:
    """URLs per host: weight (rank)^-skew, at least one each when there are enough URLs."""
    weights = [(rank + 1) ** -skew for rank in range(hosts)]
    total = sum(weights)
    counts = [int(urls * w / total) for w in weights]
    if urls >= hosts:
        counts = [max(1, c) for c in counts]
    rank = 0
    while sum(counts) < urls:  # largest shares first; bounded by `hosts` passes at most
        counts[rank % hosts] += 1
        rank += 1
    while sum(counts) > urls:
        index = max(range(hosts), key=lambda i: counts[i])
        counts[index] -= 1
    return counts


def _share(fraction: float, total: int) -> int:
    """round(fraction * total), and at least one when the fraction is not zero."""
    if fraction <= 0 or total <= 0:
        return 0
    return min(total, max(1, round(fraction * total)))


def _host_roles(hosts: int, mix: FaultMix, rng: random.Random) -> list[str]:
    order = list(range(hosts))
    rng.shuffle(order)
    roles = [""] * hosts
    taken = 0

    def assign(count: int, names: list[str]) -> None:
        nonlocal taken
        for j in range(min(count, hosts - taken)):
            roles[order[taken]] = names[j % len(names)]
            taken += 1

    assign(min(mix.hung_hosts, hosts), ["hung"])
    assign(_share(mix.head_hosts, hosts), list(_HEAD_KINDS))
    assign(_share(mix.wall_hosts, hosts), ["bot-wall"])
    assign(_share(mix.challenge_hosts, hosts), ["challenge"])
    assign(_share(mix.tight_hosts, hosts), ["tight"])
    assign(_share(mix.burst_hosts, hosts), ["burst"])
    rest = order[taken:]
    waiting = round(mix.wait_share * len(rest))
    for j, index in enumerate(rest):
        roles[index] = "healthy-wait" if j < waiting else "healthy-429"
    return roles


def _host_spec(role: str, budget: int, latency: float, mix: FaultMix) -> HostSpec:
    if role == "healthy-wait":
        return HostSpec("healthy", budget, "wait", latency)
    if role == "healthy-429":
        return HostSpec("healthy", budget, "429", latency)
    if role == "tight":
        return HostSpec("healthy", max(1, budget // 2), "429", latency)
    if role == "burst":
        return HostSpec("healthy", budget, "429", latency, mix.burst_rate, mix.burst_seconds)
    return HostSpec(role, budget, "429", latency)


def build_plan(
    urls: int,
    hosts: int,
    mix: FaultMix,
    *,
    budget: int,
    latency: float,
    skew: float,
    port: int,
    seed: int,
) -> Plan:
    """The same plan for the same arguments. Host roles depend on (seed, hosts) only, so the
    2,000- and 10,000-URL runs on 60 hosts have the same kinds of hosts in the same places."""
    roles = _host_roles(hosts, mix, random.Random(f"{seed}/hosts/{hosts}"))
    rng = random.Random(f"{seed}/urls/{urls}/{hosts}")
    counts = spread(urls, hosts, skew)
    owners = [host for host, count in enumerate(counts) for _ in range(count)]
    rng.shuffle(owners)
    plan = Plan(
        urls=[f"http://{address(h)}:{port}/page/{i}" for i, h in enumerate(owners)],
        url_host=owners,
        category=[""] * urls,
        truth=[ALIVE] * urls,
        redirected=[False] * urls,
        hosts=[_host_spec(role, budget, latency, mix) for role in roles],
        roles=roles,
        counts=counts,
    )
    ordinary = [i for i, h in enumerate(owners) if roles[h] not in _WHOLE_HOST_KINDS]
    redirect_targets = [h for h in range(hosts) if roles[h].startswith("healthy")]
    rng.shuffle(ordinary)
    for i, host in enumerate(owners):
        role = roles[host]
        path = f"/page/{i}"
        plan.owner[(host, path)] = i
        plan.rules[(host, path)] = PathRule("ok")
        if role in _WHOLE_HOST_KINDS:
            plan.category[i] = f"host {role}"
            plan.truth[i] = {"hung": DEAD, "challenge": BLOCKED}.get(role, ALIVE)
        else:
            plan.category[i] = "ok" if role.startswith("healthy") else f"ok, {role} host"

    def take(count: int) -> list[int]:
        chosen = ordinary[:count]
        del ordinary[:count]
        return chosen

    for i in take(_share(mix.hung_urls, len(ordinary))):
        plan.rules[(owners[i], f"/page/{i}")] = PathRule("hang")
        plan.category[i], plan.truth[i] = "hang", DEAD
    fails = [("fail 500", 500, False), ("fail 503", 503, False), ("fail 503+RA", 503, True)]
    for j, i in enumerate(take(_share(mix.fail_once, len(ordinary)))):
        name, status, retry_after = fails[j % len(fails)]
        plan.rules[(owners[i], f"/page/{i}")] = PathRule("fail-once", status, retry_after)
        plan.category[i] = name
    for j, i in enumerate(take(_share(mix.dead, len(ordinary)))):
        status = (404, 404, 404, 410, 410)[j % 5]
        plan.rules[(owners[i], f"/page/{i}")] = PathRule("status", status)
        plan.category[i], plan.truth[i] = f"dead {status}", DEAD
    kinds = ("301", "301", "308", "two hops", "other host")
    for j, i in enumerate(take(_share(mix.redirects, len(ordinary)))):
        host = owners[i]
        kind = kinds[j % len(kinds)]
        if kind == "other host" and not [h for h in redirect_targets if h != host]:
            kind = "301"
        plan.category[i] = f"redirect {kind}"
        plan.redirected[i] = True
        source = (host, f"/page/{i}")
        if kind in ("301", "308"):
            plan.rules[source] = PathRule("redirect", int(kind), location=f"/moved/{i}")
            _add(plan, (host, f"/moved/{i}"), PathRule("ok"), i)
        elif kind == "two hops":
            plan.rules[source] = PathRule("redirect", 301, location=f"/hop/{i}")
            _add(plan, (host, f"/hop/{i}"), PathRule("redirect", 308, location=f"/moved/{i}"), i)
            _add(plan, (host, f"/moved/{i}"), PathRule("ok"), i)
        else:
            target = rng.choice([h for h in redirect_targets if h != host])
            location = f"http://{address(target)}:{port}/from/{host}/{i}"
            plan.rules[source] = PathRule("redirect", 301, location=location)
            _add(plan, (target, f"/from/{host}/{i}"), PathRule("ok"), i)
    return plan


def _add(plan: Plan, key: tuple[int, str], rule: PathRule, owner: int) -> None:
    plan.rules[key] = rule
    plan.owner[key] = owner


_TOPICS = (
    "Basics",
    "Tooling",
    "Testing",
    "Networking",
    "Storage",
    "Security",
    "Deployment",
    "Observability",
    "Performance",
    "Design",
    "Community",
    "Reading",
)


def write_roadmap(path: Path, plan: Plan) -> None:
    """The plan's URLs as a roadmap: list items under headings, in the plan's (shuffled) order."""
    lines = ["# Generated roadmap", "", "Links to many hosts, for the network benchmark.", ""]
    for index, url in enumerate(plan.urls):
        if index % 200 == 0:
            lines += [f"## {_TOPICS[(index // 200) % len(_TOPICS)]} {index // 200 + 1}", ""]
        if index % 25 == 0:
            lines += ["", f"### Part {index // 25 + 1}", ""]
        lines.append(f"- [Resource {index}]({url}) - item {index} of the list.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# The physical limit
# ---------------------------------------------------------------------------------------


@dataclass
class HostLoad:
    """What the fastest possible client must ask one host, and how long that takes at least."""

    urls: int = 0
    requests: int = 0  # requests an ideal client must send (faults' extra requests included)
    hung: int = 0  # of which never answered: each holds a slot for the timeout
    chain: float = 0.0  # the longest series of steps one URL needs, one after another
    # (seconds it holds one of the host's slots, seconds from its first request to its end)
    jobs: list[tuple[float, float]] = field(default_factory=list)
    seconds: float = 0.0
    bound: str = ""  # which bound gives `seconds`


@dataclass
class Limit:
    seconds: float
    bound_by: str  # e.g. "host 127.0.0.9 (tight): 212 requests / budget 4 x 0.1 s"
    hosts: list[HostLoad]
    ideal_requests: int  # requests an ideal client sends, asked-for retries excluded
    asked_retries: int  # retries the servers ask for (503 with Retry-After) in the ideal run
    in_order: float = 0.0  # the same client without foreknowledge: see `_in_document_order`

    def with_concurrency(self, concurrency: int, latency: float) -> float:
        """The limit once at most `concurrency` requests may be in flight in all."""
        total = sum(h.requests for h in self.hosts)
        return max(self.seconds, math.ceil(total / concurrency) * latency)


def physical_limit(plan: Plan, timeout: float) -> Limit:
    """The least wall time any client respecting every host's budget could take.

    Per host h, with budget b, latency L, R requests of which H never answered:
      rounds = ceil(R / b) * L             each request takes L, at most b at once
      work   = ((R - H) * L + H * T) / b   a never-answered request holds a slot for T
      chain  = the longest sequence one URL needs (2L + Retry-After for a 503 with it, …)
      burst  = for a burst host, the time to start R requests at N per second during the
               window, then b at a time
      T_h    = max(rounds, work, chain, burst); for a host that never answers, T_h = T
               (send b requests, conclude when they time out).
    The limit is max over hosts of T_h, not the sum: hosts are served in parallel.
    """
    loads = [HostLoad() for _ in plan.hosts]
    asked = 0
    for i, host in enumerate(plan.url_host):
        spec = plan.hosts[host]
        load = loads[host]
        load.urls += 1
        latency = spec.latency
        if spec.kind == "hung":
            continue  # below: the host as a whole
        rule = plan.rules[(host, f"/page/{i}")]
        chain = latency
        held = latency  # of the host's slots
        if rule.kind == "hang":
            load.requests += 1
            load.hung += 1
            chain = held = timeout
        elif rule.kind == "fail-once":
            load.requests += 2
            chain = 2 * latency + (RETRY_AFTER if rule.retry_after else 0.0)
            held = 2 * latency
            asked += rule.retry_after
        elif rule.kind == "redirect":
            load.requests += 1
            location = rule.location
            while True:  # follow the hops the plan made; the last one answers 200
                if location.startswith("http://"):
                    target = int(location.split("/")[2].split(":")[0].rsplit(".", 1)[1]) - 2
                    path = "/" + location.split("/", 3)[3]
                else:
                    target, path = host, location
                loads[target].requests += 1
                chain += plan.hosts[target].latency
                hop = plan.rules[(target, path)]
                if hop.kind != "redirect":
                    break
                location = hop.location
        else:  # ok, dead; HEAD-refusing hosts are asked with GET, walls with a browser's UA
            load.requests += 1
        load.chain = max(load.chain, chain)
        load.jobs.append((held, chain))
    for host, load in enumerate(loads):
        spec = plan.hosts[host]
        if spec.kind == "hung":
            if load.urls:
                load.requests = min(load.urls, spec.budget)
                load.hung = load.requests
                load.seconds, load.bound = timeout, f"timeout {timeout:g} s (host never answers)"
            continue
        if not load.requests:
            continue
        b, latency, r, h = spec.budget, spec.latency, load.requests, load.hung
        candidates = [
            (math.ceil(r / b) * latency, f"{r} requests / budget {b} x {latency:g} s"),
            (
                ((r - h) * latency + h * timeout) / b,
                f"{h} hung x {timeout:g} s + {r - h} x {latency:g} s, / budget {b}",
            ),
            (
                load.chain,
                f"a never-answered URL: the timeout {timeout:g} s"
                if load.chain >= timeout
                else "the longest series of requests of one URL",
            ),
        ]
        if spec.burst_rate > 0:
            n, window = spec.burst_rate, spec.burst_seconds
            if r <= n * window:
                burst = math.ceil(r / n) - 1 + latency
            else:
                burst = window + math.ceil((r - n * window) / b) * latency
            candidates.append((burst, f"{r} requests at {n}/s for {window:g} s, then budget {b}"))
        load.seconds, load.bound = max(candidates)
    worst = max(range(len(loads)), key=lambda h: loads[h].seconds)
    in_order = max(
        max(load.seconds, _in_document_order(load.jobs, plan.hosts[host].budget))
        for host, load in enumerate(loads)
    )
    return Limit(
        seconds=loads[worst].seconds,
        bound_by=f"host {address(worst)} ({plan.roles[worst]}): {loads[worst].bound}",
        hosts=loads,
        ideal_requests=sum(load.requests for load in loads) - asked,
        asked_retries=asked,
        in_order=in_order,
    )


def _in_document_order(jobs: list[tuple[float, float]], budget: int) -> float:
    """When a host's last URL is done if its URLs are asked in document order, each as soon
    as one of the host's `budget` slots is free: what the ideal client achieves without
    knowing which URL hangs (a URL that hangs then starts only when its turn comes). For
    information: a client may ask in another order, but none can know which one to put
    first."""
    free = [0.0] * budget  # when each slot is free again
    done = 0.0
    for held, chain in jobs:
        start = heapq.heappop(free)
        heapq.heappush(free, start + held)
        done = max(done, start + chain)
    return done
