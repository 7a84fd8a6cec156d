#!/usr/bin/python3
"""The chapter 2 network in PyTorch, for `bench_mlp`'s side-by-side comparison.

The notes' experiment (chapter 2): 784-256-10, nn.Linear/ReLU,
weights N(0, 0.01^2), biases as nn.Linear initializes them, CrossEntropyLoss, SGD lr 0.1, batch 256, float32, with the
notes' training loop (per-sample loss, mean for backward, running loss and accuracy).
With --hidden 256,256 --dropout 0.2,0.5 --lr 0.5 it is the book's dropout network (chapter 6):
nn.Dropout after each hidden ReLU, as D2L 4.6 writes it.
It reads the four IDX .gz files itself (gzip + numpy: no torchvision, no d2l), keeps the
data in memory as float tensors, and shuffles and batches by index each epoch as
DataLoader(shuffle=True) would. Timed: the training loop of each epoch only.

Prints one line per epoch and, last, one machine-readable line:
    mean_epoch_seconds=0.512 peak_rss_mib=600.1 threads=2 epochs=3
Run it with /usr/bin/python3 (the interpreter that has python3-torch).
bench/torch_dropout.py imports it for the book's whole dropout experiment.
"""
import argparse
import gzip
import os
import resource
import struct
import sys
import time

import numpy as np

torch = nn = None  # imported by import_torch()


def import_torch():
    """Imports torch (late, so that --help works without it) into this module's globals."""
    global torch, nn
    import torch as torch_module
    torch = torch_module
    nn = torch.nn


def read_idx(path):
    """An IDX file (.gz or plain) as a numpy array of unsigned bytes."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def find(data_dir, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(data_dir, candidate)
        if os.path.exists(path):
            return path
    sys.exit(f"torch_mlp.py: error: {name}[.gz] not found in {data_dir}; install "
             "dataset-fashion-mnist or pass --data DIR")


def load(data_dir, images, labels):
    X = read_idx(find(data_dir, images)).reshape(-1, 28 * 28)
    y = read_idx(find(data_dir, labels))
    return torch.from_numpy(X.astype(np.float32) / 255.0), torch.from_numpy(y.astype(np.int64))


def openblas_threads(set_to=0):
    """The thread count of the OpenBLAS torch loaded (after setting it, if set_to > 0),
    or 0 when it uses another BLAS."""
    try:
        import ctypes
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "libopenblas" in line}
        for path in paths:
            lib = ctypes.CDLL(path)
            if set_to > 0:
                lib.openblas_set_num_threads(set_to)
            return lib.openblas_get_num_threads()
    except (OSError, AttributeError):
        pass
    return 0


def accuracy(y_hat, y):
    """The notes' accuracy: the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def numbers(text, kind):
    """"256,256" -> [256, 256]; "" -> []."""
    return [kind(v) for v in text.split(",") if v.strip()]


def build_net(hidden, dropout):
    """784-hidden...-10 with ReLU, nn.Dropout(p) after hidden layer k when dropout[k] > 0, and
    the notes' init_weights: weights N(0, 0.01^2), biases as nn.Linear made them."""
    layers, inputs = [nn.Flatten()], 784
    for k, units in enumerate(hidden):
        layers += [nn.Linear(inputs, units), nn.ReLU()]
        if dropout and dropout[k] > 0:
            layers.append(nn.Dropout(dropout[k]))
        inputs = units
    net = nn.Sequential(*layers, nn.Linear(inputs, 10))

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, std=0.01)  # the notes' init_weights: the biases keep nn.Linear's default

    net.apply(init_weights)
    return net


def set_threads(threads):
    if threads > 0:
        torch.set_num_threads(threads)
        # Debian's torch does its GEMMs in the system OpenBLAS, whose thread count
        # torch.set_num_threads does not change: set it too, so --threads N means N threads.
        openblas_threads(threads)


def train(net, data, epochs, lr, batch_size=256, warmup=0, report=None):
    """The notes' loop (d2l.train_ch3): per-sample loss, mean for backward, running loss and
    accuracy in training mode; the test accuracy in evaluation mode after each epoch. Calls
    report(epoch, total, loss, acc, test_acc, seconds, warmup, net) and returns the timed
    epochs' seconds (after `warmup` untimed ones)."""
    X_train, y_train, X_test, y_test = data
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    n = X_train.shape[0]
    times = []
    total_epochs = warmup + epochs
    for epoch in range(total_epochs):
        net.train()
        start = time.perf_counter()
        order = torch.randperm(n)  # DataLoader(shuffle=True): a new permutation per epoch
        total_loss, total_correct, total_samples = 0.0, 0, 0
        for first in range(0, n, batch_size):
            idx = order[first:first + batch_size]
            X, y = X_train[idx], y_train[idx]
            y_hat = net(X)
            l = loss(y_hat, y)
            trainer.zero_grad()
            l.mean().backward()
            trainer.step()
            total_loss += float(l.sum())
            total_correct += accuracy(y_hat, y)
            total_samples += y.numel()
        seconds = time.perf_counter() - start
        if epoch >= warmup:
            times.append(seconds)
        net.eval()
        with torch.no_grad():
            test_acc = accuracy(net(X_test), y_test) / X_test.shape[0]
        if report:
            report(epoch + 1, total_epochs, total_loss / total_samples, total_correct / total_samples, test_acc,
                   seconds, epoch < warmup, net)
    return times


def print_epoch(epoch, total, train_loss, train_acc, test_acc, seconds, warmup, net):
    print(f"Epoch {epoch}/{total}, Train Loss: {train_loss:.4f}, Train Acc: {train_acc:.4f}, "
          f"Test Acc: {test_acc:.4f} ({seconds:.3f} s{', warm-up' if warmup else ''})", flush=True)


def load_all(data_dir):
    return (*load(data_dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
            *load(data_dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs")
    parser.add_argument("--warmup", type=int, default=0,
                        help="untimed epochs run first (not counted in the mean)")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch.set_num_threads (0: keep torch's default)")
    parser.add_argument("--hidden", default="256", help="units per hidden layer, e.g. 256,256")
    parser.add_argument("--dropout", default="", help="dropout per hidden layer, e.g. 0.2,0.5 (default: none)")
    parser.add_argument("--lr", type=float, default=0.1, help="SGD learning rate")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    hidden, dropout = numbers(args.hidden, int), numbers(args.dropout, float)
    if dropout and len(dropout) != len(hidden):
        parser.error(f"--dropout: give one probability per hidden layer ({len(hidden)}), not {len(dropout)}")
    if any(not 0 <= p < 1 for p in dropout):
        parser.error(f"--dropout: each must be a number in [0, 1), not {args.dropout}")
    import_torch()
    set_threads(args.threads)
    torch.manual_seed(args.seed)

    data = load_all(args.data)
    net = build_net(hidden, dropout)
    times = train(net, data, args.epochs, args.lr, warmup=args.warmup, report=print_epoch)

    blas_threads = openblas_threads()
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    print(f"mean_epoch_seconds={sum(times) / len(times):.4f} peak_rss_mib={peak_rss_mib:.1f} "
          f"threads={torch.get_num_threads()} blas_threads={blas_threads} epochs={args.epochs}")


if __name__ == "__main__":
    main()
