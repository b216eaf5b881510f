"""`kartlagg ads eval ADS LABELS [--json]`: the click command, attached to the `ads` group."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from kartlagg.ads.classify.config import ClassifierConfigError
from kartlagg.domainpack import DomainPackError


@click.command("eval")
@click.argument("ads", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("labels", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object (a stable contract) instead of tables."
)
@click.option("--domain", default="atmp", show_default=True, help="Domain pack whose classifier is scored.")
@click.option(
    "--errors", "show_errors", is_flag=True, help="Also list every misclassified ad with its evidence."
)
def eval_command(ads: Path, labels: Path, as_json: bool, domain: str, show_errors: bool) -> None:
    """Score the job-ad classifier on a labelled ad file.

    ADS is a JobTech-shaped JSON Lines file (id, headline, description.text, ...); LABELS is JSON Lines
    of {"id": ..., "relevance": "atmp"|"related"|"none", "competences": [area ids]}.
    """
    from kartlagg.ads.classify.classifier import Classifier
    from kartlagg.ads.classify.evaluate import EvaluationInputError, evaluate, format_report

    try:
        classifier = Classifier.from_domain(domain)
        result, details = evaluate(ads, labels, classifier)
    except (EvaluationInputError, ClassifierConfigError, DomainPackError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(orjson.dumps(result).decode())
        return
    click.echo(format_report(result))
    click.echo(f"\nclassifier: {classifier.model_version}")
    if show_errors:
        for label, ad, prediction in details:
            if label.relevance != prediction.relevance:
                terms = "; ".join(f"{e.term} [{e.weight:+g}]" for e in prediction.evidence) or "no evidence"
                click.echo(f"\n{ad.source_id}: labelled {label.relevance}, predicted {prediction.relevance}")
                click.echo(f"  {ad.headline}\n  {terms}")
