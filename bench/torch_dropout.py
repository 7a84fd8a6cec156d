#!/usr/bin/python3
"""The book's dropout experiment (D2L 4.6) in PyTorch, for chapter 6's page.

784-256-256-10 with ReLU, nn.Dropout(0.2) after the first hidden layer and nn.Dropout(0.5)
after the second, weights N(0, 0.01^2), SGD lr 0.5, batch 256, 10 epochs, the notes' training
loop, on all of Fashion-MNIST; and the same network without dropout, from the same seed. For
each seed and network it prints the epoch lines (the loop of bench/torch_mlp.py, which this
script imports) plus the training accuracy with dropout off (net.eval()) on the first 10 000
training images; at the end, per network, the lowest and highest last-epoch values over seeds.

    /usr/bin/python3 bench/torch_dropout.py --seeds 1,2,3,4,5 --threads 2

Optional: run it with the interpreter that has python3-torch. Not part of the build or tests.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_mlp  # noqa: E402  (the loader, the network and the loop)

NETWORKS = [("no dropout", []), ("dropout 0.2,0.5", [0.2, 0.5])]


def run(name, dropout, seed, data, args):
    """One training run; returns its last epoch as a dict."""
    torch = torch_mlp.torch
    torch.manual_seed(seed)
    net = torch_mlp.build_net([256, 256], dropout)
    probe_X, probe_y = data[0][:10000], data[1][:10000]
    last = {}

    def report(epoch, total, loss, acc, test_acc, seconds, warmup, net):
        with torch.no_grad():  # the network is in eval mode here: dropout off
            off = torch_mlp.accuracy(net(probe_X), probe_y) / probe_X.shape[0]
        print(f"Epoch {epoch}/{total}, Train Loss: {loss:.4f}, Train Acc: {acc:.4f}, Test Acc: {test_acc:.4f} | "
              f"dropout off: train acc {off:.4f} ({seconds:.2f} s)", flush=True)
        last.update(loss=loss, acc=acc, test=test_acc, off=off, gap=off - test_acc)

    print(f"\n{name}, seed {seed}:")
    torch_mlp.train(net, data, args.epochs, args.lr, report=report)
    return last


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="42", help="comma-separated torch seeds, e.g. 1,2,3,4,5")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--threads", type=int, default=0, help="torch and OpenBLAS threads (0: torch's default)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    seeds = torch_mlp.numbers(args.seeds, int)
    if not seeds or args.epochs < 1:
        parser.error("give at least one seed and one epoch")
    torch_mlp.import_torch()
    torch_mlp.set_threads(args.threads)
    data = torch_mlp.load_all(args.data)

    results = {name: [] for name, _ in NETWORKS}
    for seed in seeds:
        for name, dropout in NETWORKS:
            results[name].append(run(name, dropout, seed, data, args))

    print(f"\nEpoch {args.epochs}, lowest - highest over {len(seeds)} seed(s) {args.seeds}:")
    print(f"   {'':<16} {'train loss':>15} {'train acc':>15} {'test acc':>15} {'off':>15} {'gap':>17}")
    for name, runs in results.items():
        cells = [f"{min(r[k] for r in runs):.4f}-{max(r[k] for r in runs):.4f}" for k in ("loss", "acc", "test", "off")]
        gap = f"{min(r['gap'] for r in runs):+.4f}/{max(r['gap'] for r in runs):+.4f}"
        print(f"   {name:<16} " + " ".join(f"{c:>15}" for c in cells) + f" {gap:>17}")


if __name__ == "__main__":
    main()
