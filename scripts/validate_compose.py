#!/usr/bin/env python3
"""Validates docker-compose.yml offline (run through scripts/validate-compose).

1. YAML: parses, no duplicate keys (Compose rejects them; PyYAML silently keeps the last one).
2. `${VAR}` / `${VAR:-default}` interpolation from the environment, as Compose does.
3. The Compose Specification's JSON schema, as check-jsonschema (PyPI) vendors it.
4. What the schema cannot check:
   - every depends_on names a service, no cycles, `service_healthy` targets have a healthcheck;
   - build contexts and Dockerfiles exist, build targets are stages, COPY/ADD sources exist
     in the context and are not excluded by .dockerignore;
   - bind-mount sources and env_files exist, named volumes are declared, no host port twice;
   - Kafka's CLUSTER_ID is a base64url UUID;
   - this project (SPEC §2): a service per component, each running `financing <subcommand>`,
     restarting, configured with the FINANCING_* variables whose hosts are compose services
     and whose databases get created; commands publishes 8080, queries 8081; `populate` is a
     one-shot service under the `tools` profile.
Prints every problem found and exits 1 if there is any.
"""

import argparse
import base64
import fnmatch
import glob
import json
import os
import re
import shlex
import sys
from urllib.parse import urlparse

import jsonschema
import yaml

COMPONENTS = ["commands", "handler", "relayer", "projector", "queries", "http"]
PUBLISHED = {"commands": 8080, "queries": 8081, "http": 8082}
ENV_VARS = ["FINANCING_EVENTSTORE_URL", "FINANCING_READMODEL_URL", "FINANCING_KAFKA_BROKERS"]

problems = []


def problem(msg):
    if msg not in problems:
        problems.append(msg)


# --------------------------------------------------------------------------------------------
# Loading


class UniqueKeyLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node, deep=False):
    # Only keys written in this mapping count: a key it also gets from a `<<` merge is an override,
    # which YAML (and Compose) allow.
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            problem(f"line {key_node.start_mark.line + 1}: duplicate key '{key}'")
        seen.add(key)
    loader.flatten_mapping(node)
    return loader.construct_mapping(node, deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_VAR = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value, where):
    if isinstance(value, dict):
        return {k: interpolate(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def sub(m):
        if m.group(1):
            return "$"
        name = m.group(2) or m.group(5)
        op, arg = m.group(3), m.group(4) or ""
        current = os.environ.get(name)
        unset_or_empty = not current
        if op in (":-", "-"):
            if (op == ":-" and unset_or_empty) or (op == "-" and current is None):
                return interpolate(arg, where)
            return current
        if op in (":?", "?"):
            if (op == ":?" and unset_or_empty) or (op == "?" and current is None):
                problem(f"{where}: required variable {name} is not set ({arg})")
                return ""
            return current
        if op in (":+", "+"):
            present = (not unset_or_empty) if op == ":+" else current is not None
            return interpolate(arg, where) if present else ""
        if current is None:
            print(f"warning: {where}: variable {name} is not set, using an empty string", file=sys.stderr)
            return ""
        return current

    return _VAR.sub(sub, value)


# --------------------------------------------------------------------------------------------
# Dockerfiles


def dockerfile_instructions(path):
    """(instruction, arguments) pairs, continuation lines joined, comments dropped."""
    out, pending = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not pending and (line.lstrip().startswith("#") or not line.strip()):
                continue
            if line.lstrip().startswith("#"):
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            full = (pending + line).strip()
            pending = ""
            parts = full.split(None, 1)
            out.append((parts[0].upper(), parts[1] if len(parts) > 1 else ""))
    return out


def exec_form(args):
    try:
        v = json.loads(args)
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return v
    except ValueError:
        pass
    return ["/bin/sh", "-c", args]


def dockerignore_patterns(context):
    path = os.path.join(context, ".dockerignore")
    if not os.path.isfile(path):
        return []
    pats = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                pats.append(line)
    return pats


def ignored(relpath, patterns):
    """Docker's rule, simplified: the last matching pattern wins; `!` re-includes; a pattern
    matching a parent folder excludes everything below it."""
    relpath = os.path.normpath(relpath).lstrip("/")
    verdict = False
    for pat in patterns:
        negate = pat.startswith("!")
        p = os.path.normpath(pat[1:] if negate else pat).lstrip("/")
        parts = relpath.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatchcase(pre, p) or fnmatch.fnmatchcase(pre, p.replace("**/", "")) for pre in prefixes):
            verdict = not negate
    return verdict


def check_dockerfile(service, context, dockerfile, target):
    instrs = dockerfile_instructions(dockerfile)
    stages, current, info = [], None, {}
    for ins, args in instrs:
        if ins == "FROM":
            words = args.split()
            words = [w for w in words if not w.startswith("--")]
            name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
            current = {"name": name, "entrypoint": None, "cmd": None}
            stages.append(current)
        elif current is None and ins not in ("ARG",):
            problem(f"{dockerfile}: {ins} before the first FROM")
        elif ins == "ENTRYPOINT":
            current["entrypoint"], current["cmd"] = exec_form(args), None
        elif ins == "CMD":
            current["cmd"] = exec_form(args)
        elif ins in ("COPY", "ADD"):
            words = shlex.split(args) if not args.lstrip().startswith("[") else json.loads(args)
            if any(w.startswith("--from") for w in words):
                continue
            words = [w for w in words if not w.startswith("--")]
            if len(words) < 2:
                problem(f"{dockerfile}: {ins} {args}: needs a source and a destination")
                continue
            patterns = dockerignore_patterns(context)
            for src in words[:-1]:
                if re.match(r"^[a-z]+://", src):
                    continue
                matches = [src] if not any(c in src for c in "*?[") else None
                if matches is None:
                    matches = [os.path.relpath(m, context) for m in glob.glob(os.path.join(context, src))]
                    if not matches:
                        problem(f"{os.path.relpath(dockerfile)}: {ins} source '{src}' matches nothing in {context}")
                    continue
                if not os.path.exists(os.path.join(context, src)):
                    problem(f"{os.path.relpath(dockerfile)}: {ins} source '{src}' does not exist in {context}")
                elif src not in (".", "./") and ignored(src, patterns):
                    problem(f"{os.path.relpath(dockerfile)}: {ins} source '{src}' is excluded by .dockerignore")
    if not stages:
        problem(f"{dockerfile}: no FROM")
        return None
    if target:
        named = [s for s in stages if s["name"] == target.lower()]
        if not named:
            problem(f"service {service}: build target '{target}' is not a stage of {dockerfile}")
            return None
        stage = named[0]
    else:
        stage = stages[-1]
    info["entrypoint"], info["cmd"] = stage["entrypoint"], stage["cmd"]
    return info


# --------------------------------------------------------------------------------------------
# Helpers


def as_list(v):
    if v is None:
        return None
    if isinstance(v, str):
        return shlex.split(v)
    return list(v)


def environment(svc):
    env = svc.get("environment") or {}
    if isinstance(env, list):
        out = {}
        for item in env:
            k, _, v = item.partition("=")
            out[k] = v
        return out
    return {k: ("" if v is None else str(v)) for k, v in env.items()}


def depends(svc):
    d = svc.get("depends_on") or {}
    if isinstance(d, list):
        return {name: {"condition": "service_started"} for name in d}
    return {name: (spec or {}) for name, spec in d.items()}


def published_ports(svc):
    """(host_ip, published, target, protocol) tuples."""
    out = []
    for p in svc.get("ports") or []:
        if isinstance(p, dict):
            pub = p.get("published")
            out.append((p.get("host_ip", ""), str(pub) if pub is not None else None, str(p.get("target")), p.get("protocol", "tcp")))
            continue
        s, proto = str(p), "tcp"
        if "/" in s:
            s, proto = s.rsplit("/", 1)
        parts = s.rsplit(":", 2) if not s.startswith("[") else re.split(r"(?<=\]):", s)
        if len(parts) == 1:
            out.append(("", None, parts[0], proto))
        elif len(parts) == 2:
            out.append(("", parts[0], parts[1], proto))
        else:
            out.append((parts[0], parts[1], parts[2], proto))
    return out


def expand_range(s):
    if s is None:
        return []
    if "-" in s:
        a, b = s.split("-", 1)
        return list(range(int(a), int(b) + 1))
    return [int(s)]


# --------------------------------------------------------------------------------------------
# Checks


def check(doc, base):
    services = doc.get("services") or {}
    if not services:
        problem("no services")
        return
    volumes_declared = set((doc.get("volumes") or {}).keys())
    build_info = {}  # service -> Dockerfile entrypoint/cmd
    checked_dockerfiles = {}  # (context, dockerfile, target) -> that, checked once

    for name, svc in services.items():
        svc = svc or {}
        if "image" not in svc and "build" not in svc:
            problem(f"service {name}: needs an image or a build")

        # build
        build = svc.get("build")
        if build is not None:
            if isinstance(build, str):
                build = {"context": build}
            ctx = os.path.normpath(os.path.join(base, build.get("context", ".")))
            if not os.path.isdir(ctx):
                problem(f"service {name}: build context {ctx} does not exist")
            elif "dockerfile_inline" not in build:
                df = os.path.join(ctx, build.get("dockerfile", "Dockerfile"))
                if not os.path.isfile(df):
                    problem(f"service {name}: Dockerfile {os.path.relpath(df)} does not exist")
                else:
                    key = (ctx, df, build.get("target"))
                    if key not in checked_dockerfiles:
                        checked_dockerfiles[key] = check_dockerfile(name, ctx, df, build.get("target"))
                    info = checked_dockerfiles[key]
                    if info is not None:
                        build_info[name] = info

        # depends_on
        for dep, spec in depends(svc).items():
            if dep not in services:
                problem(f"service {name}: depends_on names '{dep}', which is not a service")
                continue
            if dep == name:
                problem(f"service {name}: depends on itself")
            if spec.get("condition") == "service_healthy":
                hc = (services[dep] or {}).get("healthcheck")
                if not hc or hc.get("disable") or (hc.get("test") in (["NONE"], "NONE")):
                    problem(f"service {name}: waits for {dep} to be healthy, but {dep} has no healthcheck")
            if spec.get("condition") == "service_completed_successfully" and (services[dep] or {}).get("restart") in ("always", "unless-stopped"):
                problem(f"service {name}: waits for {dep} to complete, but {dep} restarts")

        # volumes and env files
        for v in svc.get("volumes") or []:
            if isinstance(v, str):
                src = v.split(":", 1)[0] if ":" in v else None
                kind = "bind" if src and (src.startswith((".", "/", "~"))) else "volume"
            else:
                src, kind = v.get("source"), v.get("type")
            if not src:
                continue
            if kind == "bind":
                path = os.path.normpath(os.path.join(base, os.path.expanduser(src)))
                if not os.path.exists(path):
                    problem(f"service {name}: bind-mount source {src} does not exist")
            elif kind == "volume" and src not in volumes_declared:
                problem(f"service {name}: named volume '{src}' is not declared under top-level volumes")
        env_files = svc.get("env_file") or []
        for ef in [env_files] if isinstance(env_files, str) else env_files:
            path = ef if isinstance(ef, str) else ef.get("path")
            required = True if isinstance(ef, str) else ef.get("required", True)
            if required and not os.path.isfile(os.path.join(base, path)):
                problem(f"service {name}: env_file {path} does not exist")

    # dependency cycles
    state = {}

    def visit(n, trail):
        if state.get(n) == "done":
            return
        if state.get(n) == "active":
            problem("depends_on cycle: " + " -> ".join(trail + [n]))
            return
        state[n] = "active"
        for dep in depends(services[n] or {}):
            if dep in services:
                visit(dep, trail + [n])
        state[n] = "done"

    for n in services:
        visit(n, [])

    # host ports published twice
    seen = {}
    for name, svc in services.items():
        for host_ip, pub, _target, proto in published_ports(svc or {}):
            for port in expand_range(pub):
                key = (host_ip or "0.0.0.0", port, proto)
                if key in seen and seen[key] != name:
                    problem(f"host port {port}/{proto} is published by both {seen[key]} and {name}")
                seen[key] = name

    check_project(doc, services, build_info, base)


def effective_argv(name, svc, services, build_info):
    info = build_info.get(name)
    if info is None and svc.get("image"):
        for other, osvc in services.items():
            if other in build_info and (osvc or {}).get("image") == svc.get("image"):
                info = build_info[other]
                break
    info = info or {"entrypoint": None, "cmd": None}
    entrypoint = as_list(svc.get("entrypoint"))
    command = as_list(svc.get("command"))
    if entrypoint is not None:
        return entrypoint + (command or [])
    return (info["entrypoint"] or []) + (command if command is not None else (info["cmd"] or []))


SECRETS_SCRIPT = "scripts/docker/make-secrets.sh"


def secret_url(comp, svc, path, base):
    """The URL a `*_URL_FILE` will hold: the service must mount the folder, and the secrets script
    must write that file (`write NAME "postgres://..."`); its `$pw` stands for the random password."""
    if not path:
        return None
    folder, name = os.path.dirname(path), os.path.basename(path)
    mounted = False
    for v in svc.get("volumes") or []:
        dst = v.split(":")[1] if isinstance(v, str) and ":" in v else (v.get("target") if isinstance(v, dict) else None)
        if dst and os.path.normpath(dst) == os.path.normpath(folder):
            mounted = True
    if not mounted:
        problem(f"service {comp}: reads {path}, but mounts nothing at {folder}")
        return None
    script = os.path.join(base, SECRETS_SCRIPT)
    if not os.path.isfile(script):
        problem(f"service {comp}: reads {path}, but {SECRETS_SCRIPT} (which writes it) is missing")
        return None
    with open(script, encoding="utf-8") as fh:
        m = re.search(r'^\s*write\s+' + re.escape(name) + r'\s+"([^"]+)"', fh.read(), re.M)
    if not m:
        problem(f"service {comp}: reads {path}, which {SECRETS_SCRIPT} does not write")
        return None
    return m.group(1).replace("$pw", "secret")


def check_project(doc, services, build_info, base):
    # Databases the postgres service creates: POSTGRES_DB plus CREATE DATABASE in init scripts.
    created_dbs, db_hosts = set(), set()
    for name, svc in services.items():
        svc = svc or {}
        env = environment(svc)
        if "POSTGRES_PASSWORD" in env or "postgres" in str(svc.get("image", "")):
            db_hosts.add(name)
            created_dbs.add(env.get("POSTGRES_DB") or env.get("POSTGRES_USER") or "postgres")
            for v in svc.get("volumes") or []:
                src, dst = (v.split(":")[0], v.split(":")[1]) if isinstance(v, str) else (v.get("source"), v.get("target"))
                if not src or not dst or not dst.startswith("/docker-entrypoint-initdb.d"):
                    continue
                path = os.path.normpath(os.path.join(base, src))
                files = [os.path.join(path, f) for f in os.listdir(path)] if os.path.isdir(path) else [path]
                for f in files:
                    if os.path.isfile(f):
                        with open(f, encoding="utf-8", errors="replace") as fh:
                            created_dbs.update(m.lower() for m in re.findall(r'CREATE\s+DATABASE\s+"?([A-Za-z0-9_]+)', fh.read(), re.I))

    for comp in COMPONENTS:
        svc = services.get(comp)
        if svc is None:
            problem(f"no service '{comp}' (SPEC §2: one service per component)")
            continue
        svc = svc or {}
        argv = effective_argv(comp, svc, services, build_info)
        if len(argv) < 2 or os.path.basename(argv[0]) != "financing" or argv[1] != comp:
            problem(f"service {comp}: runs {argv or 'nothing'}, expected `financing {comp}`")
        if svc.get("profiles"):
            problem(f"service {comp}: has profiles {svc['profiles']}; components must start with a plain `docker compose up`")
        if svc.get("restart") in (None, "no"):
            problem(f"service {comp}: no restart policy")
        env = environment(svc)
        for var in ENV_VARS:
            if not env.get(var) and not env.get(var + "_FILE"):
                problem(f"service {comp}: {var} (or {var}_FILE) is not set (SPEC §2)")
        for var in ("FINANCING_EVENTSTORE_URL", "FINANCING_READMODEL_URL"):
            url = env.get(var) or secret_url(comp, svc, env.get(var + "_FILE"), base)
            if url:
                u = urlparse(url)
                if u.hostname not in services:
                    problem(f"service {comp}: {var} points at host '{u.hostname}', which is not a service")
                elif u.hostname not in depends(svc):
                    problem(f"service {comp}: uses {u.hostname} but does not depend on it")
                db = u.path.lstrip("/")
                if u.hostname in db_hosts and db and db.lower() not in created_dbs:
                    problem(f"service {comp}: {var} names database '{db}', which the {u.hostname} service does not create")
        for broker in (env.get("FINANCING_KAFKA_BROKERS") or "").split(","):
            host = broker.strip().rsplit(":", 1)[0]
            if broker.strip() and host not in services:
                problem(f"service {comp}: FINANCING_KAFKA_BROKERS names host '{host}', which is not a service")
            elif broker.strip():
                kenv = environment(services[host] or {})
                adv = kenv.get("KAFKA_ADVERTISED_LISTENERS")
                if adv and f"//{broker.strip()}" not in adv:
                    problem(f"service {comp}: {broker.strip()} is not among {host}'s KAFKA_ADVERTISED_LISTENERS ({adv})")
    for comp, port in PUBLISHED.items():
        svc = services.get(comp) or {}
        pairs = [(expand_range(pub), expand_range(tgt)) for _ip, pub, tgt, proto in published_ports(svc) if proto == "tcp"]
        if not any(port in pubs and port in tgts for pubs, tgts in pairs):
            problem(f"service {comp}: does not publish port {port} (host {port} -> container {port})")
        env = environment(svc)
        key = f"FINANCING_{comp.upper()}_PORT"
        if env.get(key) and env[key] != str(port):
            problem(f"service {comp}: {key}={env[key]} but port {port} is published")

    # KRaft needs CLUSTER_ID to be a base64url-encoded 16-byte UUID; anything else fails at start.
    for name, svc in services.items():
        cid = environment(svc or {}).get("CLUSTER_ID")
        if cid is not None:
            try:
                ok = len(base64.urlsafe_b64decode(cid + "==")) == 16 and len(cid) == 22
            except ValueError:
                ok = False
            if not ok:
                problem(f"service {name}: CLUSTER_ID '{cid}' is not a base64url-encoded UUID (22 characters)")

    pop = services.get("populate")
    if pop is None:
        problem("no service 'populate' (one-shot, profile tools)")
    else:
        argv = effective_argv("populate", pop, services, build_info)
        if not argv or os.path.basename(argv[0]) != "populate":
            problem(f"service populate: runs {argv or 'nothing'}, expected `populate`")
        if "tools" not in (pop.get("profiles") or []):
            problem("service populate: not under the 'tools' profile")
        if pop.get("restart") not in (None, "no"):
            problem("service populate: is a one-shot and must not restart")


def load_schema(path):
    """The schema at `path`, or the Compose Specification's schema that check-jsonschema vendors
    (its `vendor.compose-spec`): a package pinned in scripts/validate-compose, so the file
    validates the same way on every machine, with nothing read from outside the clone."""
    if path:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    from importlib.resources import files

    vendored = files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json")
    return json.loads(vendored.read_text(encoding="utf-8"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", help="a Compose schema file (default: the one check-jsonschema ships)")
    ap.add_argument("compose_file")
    args = ap.parse_args()

    with open(args.compose_file, encoding="utf-8") as f:
        try:
            raw = yaml.load(f, Loader=UniqueKeyLoader)
        except yaml.YAMLError as e:
            print(f"{args.compose_file}: not valid YAML: {e}", file=sys.stderr)
            return 1
    if not isinstance(raw, dict):
        print(f"{args.compose_file}: not a mapping", file=sys.stderr)
        return 1
    doc = interpolate(raw, "")
    schema = load_schema(args.schema)
    validator = jsonschema.validators.validator_for(schema)(schema)
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        problem(f"schema: {where}: {err.message}")
    if not any(p.startswith("schema:") for p in problems):
        check(doc, os.path.dirname(os.path.abspath(args.compose_file)))

    name = os.path.relpath(args.compose_file)
    if name.startswith(".."):
        name = os.path.abspath(args.compose_file)
    if problems:
        for p in problems:
            print(f"{name}: {p}", file=sys.stderr)
        print(f"{name}: INVALID ({len(problems)} problem(s))", file=sys.stderr)
        return 1
    services = doc.get("services") or {}
    print(f"{name}: valid (Compose schema + project checks; {len(services)} services: {', '.join(services)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
