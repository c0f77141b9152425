"""`parkwatch worker [--queues ocr,crawl,check,notify] [--concurrency N]`: run the tasks of `parkwatch.tasks`.

A worker takes messages from the broker named by `PARKWATCH_BROKER_URL` (Redis) and runs them in
N processes. Several workers on several machines share the queues; a machine given only `ocr` reads
photos, one given `check,notify` judges and sends. Each process reads with one thread per library
(tesseract, OpenBLAS, OpenCV, onnxruntime): the processes are the parallelism. Without a broker there is
nothing to take: the command says so (exit 2), and everything runs in-process as on one machine.
"""

from __future__ import annotations

import os
import socket

import typer

app = typer.Typer()

ALL_QUEUES = "ocr,crawl,check,notify"


@app.command("worker")
def worker_command(
    queues: str = typer.Option(ALL_QUEUES, "--queues", "-Q", help="处理的队列 queues to take work from"),
    concurrency: int = typer.Option(
        0, "--concurrency", "-c", min=0, help="并行进程数 worker processes (0: one per core)"
    ),
    pool: str = typer.Option("prefork", "--pool", help="prefork（多进程 processes）或 solo（单进程 one process）"),
    loglevel: str = typer.Option("INFO", "--loglevel", help="日志级别 log level"),
) -> None:
    """运行任务处理进程：识别照片、抓取、规则检查、发送通知 — run a worker for queued tasks.

    退出状态 exit status: 0 正常停止 stopped; 2 未配置消息队列或队列名有误 no broker configured or an unknown queue.
    """
    from parkwatch.settings import get_settings
    from parkwatch.tasks.app import QUEUES, limit_worker_threads
    from parkwatch.tasks.app import app as celery

    wanted = [q.strip() for q in queues.split(",") if q.strip()]

    unknown = [q for q in wanted if q not in QUEUES]
    if unknown or not wanted:
        typer.echo(f"未知队列 unknown queue: {', '.join(unknown) or '-'}（可选 choose {', '.join(QUEUES)}）", err=True)
        raise typer.Exit(2)
    if not get_settings().broker_url:
        typer.echo(
            "未配置消息队列：请设置 PARKWATCH_BROKER_URL（例：redis://localhost:6379/0）；"
            "不设置时所有任务在本进程内运行 / no broker configured: set PARKWATCH_BROKER_URL; "
            "without one every task runs in-process",
            err=True,
        )
        raise typer.Exit(2)
    if pool not in ("prefork", "solo"):
        typer.echo("--pool 应为 prefork 或 solo / --pool must be prefork or solo", err=True)
        raise typer.Exit(2)
    limit_worker_threads()  # before the OCR libraries load, in this process and the ones it forks
    argv = ["worker", "-Q", ",".join(wanted), "--pool", pool, "--loglevel", loglevel]
    argv += ["--hostname", f"parkwatch-{os.getpid()}@{socket.gethostname()}"]  # unique: several per machine
    argv += ["--without-gossip", "--without-mingle"]  # workers share only the queues
    if concurrency and pool == "prefork":
        argv += ["--concurrency", str(concurrency)]
    celery.worker_main(argv)
