"""``docs/rules.md``: the rule pack as a reference page, generated from the rule files (never edited by hand).

Run ``python -m audit_rules.docs > docs/rules.md``; a test fails when the checked-in page and the rule files
disagree.
"""

from __future__ import annotations

import sys

from audit_rules.loader import RulePack, load_pack, load_profile


def render_rules_markdown(pack: RulePack) -> str:
    lines = [
        f"# The rule pack, version {pack.version}",
        "",
        "Generated from `audit_rules/rules/*.yaml` by `python -m audit_rules.docs`; do not edit by hand.",
        "Statuses, scoring and grades are defined in the methodology (criteria.md): `met` = 1 point,",
        "`partly` = 0.5, `not_met` = 0; `n/a` and `unknown` never count against a council.",
        "",
        "| code | name | weight | deliverables | principles | title |",
        "|---|---|---|---|---|---|",
    ]
    for rule in pack.rules:
        nations = "" if len(rule.nations) > 1 else f" ({', '.join(rule.nations)} only)"
        lines.append(
            f"| {rule.code} | {rule.name} | {rule.weight} | {', '.join(rule.deliverables)} | "
            f"{', '.join(rule.principles)} | {rule.title}{nations} |"
        )
    for rule in pack.rules:
        lines += [
            "",
            f"## {rule.code} {rule.name}",
            "",
            f"**{rule.title}.** Weight {rule.weight}; deliverables {', '.join(rule.deliverables)}; "
            f"principles {', '.join(rule.principles)}"
            + ("" if len(rule.nations) > 1 else f"; applies in {', '.join(rule.nations)} only")
            + ".",
            "",
            rule.description,
            "",
            f"*When not met:* {rule.failure_title}.",
            "",
            f"*Source:* {rule.source}",
            "",
            f"*How to fix:* {rule.how_to_fix}",
            "",
            f"*Check:* `{rule.check.name}`"
            + (f" with options `{dict(rule.options)}`" if rule.options else "")
            + f" (file `audit_rules/rules/{rule.path.name if rule.path else ''}`).",
        ]
    profiles = ["default", "self-check"]
    lines += ["", "## Profiles", ""]
    for name in profiles:
        profile = load_profile(name)
        lines.append(
            f"- `{name}`: weights changed {profile['weights'] or 'none'}; disabled {profile['disabled'] or 'none'}."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.write(render_rules_markdown(load_pack()))


if __name__ == "__main__":
    main()
