#!/usr/bin/python3
"""The book's polynomial regression in PyTorch, for chapter 4's side-by-side comparison.

The code of D2L's "Model Selection, Underfitting, and Overfitting" (PyTorch edition), without
the d2l package: y = 5 + 1.2x - 3.4x^2/2! + 5.6x^3/3! + eps, eps ~ N(0, 0.1^2), x ~ N(0, 1),
features x^i/i! for i < 20, 100 training and 100 test examples, float32;
nn.Sequential(nn.Linear(d, 1, bias=False)), nn.MSELoss(reduction='none') with the mean taken
for backward (d2l.train_epoch_ch3), torch.optim.SGD lr 0.01, minibatches of 10 shuffled each
epoch (DataLoader(shuffle=True)), 400 epochs (1500 for 20 features); the loss it reports is the
book's evaluate_loss, the mean of l over a set.

--loss half divides l by 2: D2L's own definition l = (y_hat - y)^2 / 2, the one
04_generalization uses by default (its --loss mse is the book's PyTorch loss).
--data FILE reads x and y from 04_generalization's `--export` file data.csv (columns set,x,y),
so both programs fit the very same numbers. --runs N repeats with seeds seed, seed+1, ...
and ends with the lowest and highest value of each printed quantity.

Run it with /usr/bin/python3 (the interpreter that has python3-torch):
    /usr/bin/python3 bench/torch_polynomial.py
    /usr/bin/python3 bench/torch_polynomial.py --loss half --runs 10
"""
import argparse
import csv
import math
import sys

torch = nn = None  # imported in main()

MAX_DEGREE, N_TRAIN, N_TEST = 20, 100, 100
TRUE_W = [5.0, 1.2, -3.4, 5.6]


def make_data(seed):
    """The book's data, drawn with torch.normal: x first, then the label noise."""
    torch.manual_seed(seed)
    x = torch.normal(0.0, 1.0, size=(N_TRAIN + N_TEST, 1), dtype=torch.float64)
    noise = torch.normal(0.0, 0.1, size=(N_TRAIN + N_TEST,), dtype=torch.float64)
    y = TRUE_W[0] + TRUE_W[1] * x[:, 0] + TRUE_W[2] * x[:, 0] ** 2 / 2 + TRUE_W[3] * x[:, 0] ** 3 / 6 + noise
    return x, y


def read_data(path):
    """x and y from 04_generalization --export DIR: DIR/data.csv, train rows first."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if [r["set"] for r in rows] != ["train"] * N_TRAIN + ["test"] * N_TEST:
        sys.exit(f"torch_polynomial.py: error: {path} is not 04_generalization's data.csv "
                 f"({N_TRAIN} train rows, then {N_TEST} test rows)")
    x = torch.tensor([[float(r["x"])] for r in rows], dtype=torch.float64)
    y = torch.tensor([float(r["y"]) for r in rows], dtype=torch.float64)
    return x, y


def poly_features(x):
    """x^i / i! for i < 20, as the book: np.power then division by math.gamma(i + 1)."""
    features = torch.pow(x, torch.arange(MAX_DEGREE, dtype=torch.float64).reshape(1, -1))
    for i in range(MAX_DEGREE):
        features[:, i] /= math.gamma(i + 1)
    return features.float()  # the book converts everything to float32


def evaluate_loss(net, data_iter, loss):
    """The book's evaluate_loss: the mean of l over the set."""
    total, count = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            out = net(X)
            l = loss(out, y.reshape(out.shape))
            total += float(l.sum())
            count += l.numel()
    return total / count


def train(train_features, test_features, train_labels, test_labels, num_epochs, half):
    """The book's train(), returning the weights and the last evaluated train and test loss."""
    mse = nn.MSELoss(reduction="none")
    loss = (lambda out, y: mse(out, y) / 2) if half else mse
    net = nn.Sequential(nn.Linear(train_features.shape[-1], 1, bias=False))
    batch_size = min(10, train_labels.shape[0])
    data = torch.utils.data
    train_iter = data.DataLoader(data.TensorDataset(train_features, train_labels.reshape(-1, 1)), batch_size, shuffle=True)
    test_iter = data.DataLoader(data.TensorDataset(test_features, test_labels.reshape(-1, 1)), batch_size, shuffle=False)
    trainer = torch.optim.SGD(net.parameters(), lr=0.01)
    for epoch in range(num_epochs):
        for X, y in train_iter:  # d2l.train_epoch_ch3
            l = loss(net(X), y)
            trainer.zero_grad()
            l.mean().backward()
            trainer.step()
    return (net[0].weight.data.numpy().ravel(), evaluate_loss(net, train_iter, loss),
            evaluate_loss(net, test_iter, loss))


def one_run(x, y, epochs, half):
    """The book's three fits on one data set; returns {quantity: value}."""
    features, labels = poly_features(x), y.float()
    results = {}
    for name, d, n_epochs in (("normal", 4, epochs), ("underfit", 2, epochs), ("overfit", MAX_DEGREE, epochs * 15 // 4)):
        w, train_loss, test_loss = train(features[:N_TRAIN, :d], features[N_TRAIN:, :d], labels[:N_TRAIN],
                                         labels[N_TRAIN:], n_epochs, half)
        print(f"{name:<8} {d:>2} features, {n_epochs} epochs: train loss {train_loss:.6f}, test loss {test_loss:.6f}")
        print(f"         weight: [{', '.join(f'{v:.4f}' for v in w)}]")
        results[f"{name} train loss"] = train_loss
        results[f"{name} test loss"] = test_loss
        for i, v in enumerate(w[:4]):
            results[f"{name} w{i}"] = float(v)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=42, help="torch.manual_seed of the data and the training")
    parser.add_argument("--runs", type=int, default=1, help="repeat with seeds seed, seed+1, ...")
    parser.add_argument("--epochs", type=int, default=400, help="epochs of the 4- and 2-feature fits; 15/4 as many for 20")
    parser.add_argument("--loss", choices=("mse", "half"), default="mse",
                        help="mse: the book's nn.MSELoss; half: D2L's (y_hat - y)^2 / 2")
    parser.add_argument("--data", help="04_generalization's exported data.csv (then --runs is 1)")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    args = parser.parse_args()
    if args.runs < 1 or args.epochs < 1 or args.threads < 1:
        parser.error("--runs, --epochs and --threads must be at least 1")
    global torch, nn
    import torch
    from torch import nn
    torch.set_num_threads(args.threads)
    print(f"PyTorch {torch.__version__}, loss {'(y_hat - y)^2 / 2' if args.loss == 'half' else 'nn.MSELoss'}, "
          f"SGD lr 0.01, batch 10, float32")
    table = {}
    for run in range(1 if args.data else args.runs):
        seed = args.seed + run
        x, y = read_data(args.data) if args.data else make_data(seed)
        torch.manual_seed(seed)  # the initialization and the shuffling
        print(f"\nseed {seed}" + (f", data from {args.data}" if args.data else ""))
        for key, value in one_run(x, y, args.epochs, args.loss == "half").items():
            table.setdefault(key, []).append(value)
    if len(next(iter(table.values()))) > 1:
        print(f"\nOver {args.runs} seeds ({args.seed}-{args.seed + args.runs - 1}): lowest - highest")
        for key, values in table.items():
            print(f"  {key:<20} {min(values):.4f} - {max(values):.4f}")


if __name__ == "__main__":
    main()
