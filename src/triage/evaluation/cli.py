"""`atendimento triage eval` and `atendimento triage report` (mounted by src/triage/cli.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from src.core.cli_errors import USAGE_EXIT_CODE, CliError, explain
from src.triage.evaluation import ptbr, report
from src.triage.evaluation.evaluate import (
    EvalReport,
    LabelledSet,
    build_config,
    evaluate,
    evaluate_loo,
    read_labelled,
    sample_shots,
)
from src.triage.runtime.encoder import EncoderUnavailableError
from src.triage.runtime.pipeline import Triador, TriageConfig

explain(EncoderUnavailableError, "Para medir sem o encoder, use --backend keywords.")


def eval_command(
    train: Annotated[Path, typer.Option(help="CSV rotulado para treinar (vira o catálogo).")],
    test: Annotated[Path | None, typer.Option(help="CSV rotulado para medir.")] = None,
    text_col: Annotated[str, typer.Option(help="Coluna do texto.")] = "text",
    label_col: Annotated[str, typer.Option(help="Coluna do rótulo.")] = "category",
    sep: Annotated[str, typer.Option(help="Separador do CSV.")] = ",",
    shots: Annotated[int | None, typer.Option(help="Exemplos por rótulo do treino.")] = None,
    seed: Annotated[int, typer.Option(help="Semente da amostragem --shots.")] = 42,
    oos_label: Annotated[
        str | None, typer.Option(help="Rótulo fora de escopo: deve ir para humano.")
    ] = None,
    backend: Annotated[
        Literal["keywords", "local"], typer.Option(help="keywords | local")
    ] = "local",
    loo: Annotated[bool, typer.Option(help="Leave-one-out no --train (sem --test).")] = False,
    min_confidence: Annotated[float | None, typer.Option(help="Limiar de confiança.")] = None,
    min_margin: Annotated[float | None, typer.Option(help="Margem mínima para a 2ª.")] = None,
    model_dir: Annotated[Path | None, typer.Option(help="Pasta do encoder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Um objeto JSON na saída.")] = False,
) -> None:
    """Treina no --train, classifica o --test (ou leave-one-out) e imprime as métricas."""
    if test is None and not loo:
        raise typer.BadParameter("informe --test ou --loo")
    if len(sep) != 1:
        raise typer.BadParameter("use um único caractere (ex.: ',' ou ';')", param_hint="--sep")
    config = build_config(backend, min_confidence, min_margin, model_dir=model_dir)
    train_set = _read_csv(train, text_col, label_col, sep)
    if shots:
        train_set = sample_shots(train_set, shots, seed)
    if test is None:
        report = evaluate_loo(config, train_set)
    else:
        test_set = _read_csv(test, text_col, label_col, sep)
        report = evaluate(config, train_set, test_set, oos_label)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        typer.echo(render_text(report, config.min_confidence, config.min_margin))


def _read_csv(path: Path, text_col: str, label_col: str, sep: str) -> LabelledSet:
    try:
        return read_labelled(path, text_col, label_col, sep)
    except UnicodeDecodeError as exc:
        raise CliError(f"{path} não está em UTF-8. Salve o arquivo como UTF-8.") from exc
    except ValueError as exc:  # columns not found
        raise CliError(
            f"{str(exc).rstrip('.')}; o arquivo tem {_header(path, sep)}. Indique as "
            "colunas com --text-col e --label-col (e o separador com --sep).",
            USAGE_EXIT_CODE,
        ) from exc


def _header(path: Path, sep: str) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        columns = next(csv.reader(fh, delimiter=sep), [])
    return "as colunas " + ", ".join(repr(c) for c in columns) if columns else "nenhuma coluna"


def report_command(
    data: Annotated[
        Path, typer.Option(help="Pasta dos conjuntos rotulados.")
    ] = report.DEFAULT_DATA,
    doc: Annotated[Path, typer.Option(help="Documento a atualizar.")] = report.DEFAULT_DOC,
    backend: Annotated[
        Literal["keywords", "local"], typer.Option(help="keywords | local")
    ] = "local",
    skip_full: Annotated[bool, typer.Option(help="Pula o Banking77 completo.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Só imprime a tabela.")] = False,
) -> None:
    """Mede os conjuntos de referência e atualiza a tabela de docs/triage.md."""
    typer.echo(report.update_doc(data, doc, backend, skip_full=skip_full, dry_run=dry_run))


def ptbr_command(
    conjunto: Annotated[
        Literal["dev", "teste"], typer.Option(help="dev (lido ao escrever as regras) ou teste")
    ] = "teste",
    model_dir: Annotated[Path | None, typer.Option(help="Pasta do encoder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Um objeto JSON na saída.")] = False,
) -> None:
    """Mede a triagem do produto (catálogo embutido, todos os links configurados) nas
    mensagens pt-BR rotuladas: acurácia, fechamentos automáticos errados, prioridade alta."""
    triador = Triador.build(TriageConfig(model_dir=model_dir))
    try:
        relatorio = ptbr.avaliar(triador, ptbr.ler(ptbr.CONJUNTOS[conjunto]))
    finally:
        triador.close()
    if as_json:
        typer.echo(json.dumps(relatorio.as_dict(), ensure_ascii=False))
    else:
        typer.echo(ptbr.render(conjunto, relatorio))


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def render_text(report: EvalReport, min_confidence: float, min_margin: float) -> str:
    lines = [
        f"exemplos: {report.n}",
        f"acurácia: {_pct(report.accuracy)}   macro-F1: {_pct(report.macro_f1)}",
        f"resposta automática (confiança ≥ {min_confidence}, margem ≥ {min_margin}): "
        f"precisão {_pct(report.auto_precision)}, cobertura {_pct(report.auto_coverage)}",
        f"latência por mensagem: p50 {report.p50_ms:.2f} ms, p99 {report.p99_ms:.2f} ms"
        f"   (ajuste: {report.fit_s:.2f} s)",
    ]
    if report.oos_total is not None:
        lines.append(
            f"fora de escopo: {report.oos_total} mensagens, "
            f"{_pct(report.oos_recall)} encaminhadas para humano"
        )
    lines += ["", f"{'rótulo':<48} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}"]
    for row in report.per_label:
        lines.append(
            f"{row['label'][:48]:<48} {_pct(row['precision']):>6} {_pct(row['recall']):>6} "
            f"{_pct(row['f1']):>6} {row['n']:>5}"
        )
    if report.confused_pairs:
        lines += ["", "pares mais confundidos (verdadeiro -> previsto):"]
        lines += [f"  {p['count']:>3}  {p['true']} -> {p['pred']}" for p in report.confused_pairs]
    return "\n".join(lines)
