#!/usr/bin/python3
"""Chapter 5's experiment in PyTorch, for the side-by-side table on chapter 5's page.

D2L's weight-decay experiment: 200 inputs, 20 training and 100 test samples,
y = 0.05 + sum(0.01 x_i) + eps, eps ~ N(0, 0.01^2); batch 5, SGD lr 0.003, 100 epochs, for
lambda = 0 and lambda = 3. Written as the book's train_concise: nn.Linear(200, 1), and the
decay on the weight only through SGD's parameter groups (torch's weight_decay=lambda adds
lambda*w to the gradient, which is the penalty lambda/2 ||w||^2). By default it runs the same
objective as build/bin/05_weight_decay and the book's from-scratch train(lambd): the loss
(y_hat - y)^2 / 2, w ~ N(0, 1), b = 0. With --as-concise it runs train_concise as the book
prints it: nn.MSELoss, which has no 1/2 (so the data term's gradient is twice as large), and
param.data.normal_() on the bias too.

Prints, per seed and lambda, ||w|| and the train and test loss after the last epoch, and for
several seeds the lowest and highest of each. Run it with /usr/bin/python3 (the interpreter
that has python3-torch):
    /usr/bin/python3 bench/torch_weight_decay.py --seeds 10
"""
import argparse
import sys

torch = nn = None  # imported in main()


def synthetic_data(w, b, n):
    """d2l.synthetic_data: x ~ N(0, I), y = Xw + b + N(0, 0.01^2), samples as rows."""
    X = torch.normal(0, 1, (n, len(w)))
    y = X @ w + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape(-1, 1)


def evaluate_loss(net, loss, X, y):
    """d2l.evaluate_loss: the loss averaged over every sample of the set."""
    with torch.no_grad():
        return float(loss(net(X), y).mean())


def train_concise(wd, data, args):
    """The book's train_concise(wd), with the loss and the bias initialization of --as-concise."""
    (X_train, y_train), (X_test, y_test) = data
    net = nn.Sequential(nn.Linear(X_train.shape[1], 1))
    if args.as_concise:
        for param in net.parameters():
            param.data.normal_()
        loss = nn.MSELoss(reduction="none")
    else:
        nn.init.normal_(net[0].weight)  # init_params: w ~ N(0, 1), b = 0
        nn.init.zeros_(net[0].bias)
        loss = lambda y_hat, y: (y_hat - y) ** 2 / 2  # d2l.squared_loss
    # The bias is not decayed: weight decay on the weight's parameter group only.
    trainer = torch.optim.SGD([{"params": net[0].weight, "weight_decay": wd},
                               {"params": net[0].bias}], lr=args.lr)
    n = X_train.shape[0]
    for _ in range(args.epochs):
        order = torch.randperm(n)  # load_array(..., is_train=True): shuffled every epoch
        for first in range(0, n, args.batch_size):
            idx = order[first:first + args.batch_size]
            trainer.zero_grad()
            l = loss(net(X_train[idx]), y_train[idx])
            l.mean().backward()
            trainer.step()
    return (float(net[0].weight.norm()), evaluate_loss(net, loss, X_train, y_train),
            evaluate_loss(net, loss, X_test, y_test))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=42, help="the first seed")
    parser.add_argument("--seeds", type=int, default=1, help="how many seeds, from --seed on")
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--batch-size", type=int, default=5)
    parser.add_argument("--lambdas", default="0,3", help="comma-separated weight decays")
    parser.add_argument("--as-concise", action="store_true",
                        help="the book's train_concise as printed: MSELoss without 1/2, b ~ N(0, 1)")
    args = parser.parse_args()
    if args.seeds < 1 or args.epochs < 1 or args.batch_size < 1 or args.lr <= 0:
        parser.error("--seeds, --epochs and --batch-size must be at least 1, --lr positive")
    try:
        lambdas = [float(v) for v in args.lambdas.split(",")]
    except ValueError:
        parser.error(f"--lambdas: give numbers separated by commas, not {args.lambdas}")
    global torch, nn
    try:
        import torch
        from torch import nn
    except ImportError:
        sys.exit("torch_weight_decay.py: error: PyTorch is not installed for this interpreter; "
                 "install python3-torch and run it with /usr/bin/python3")
    torch.set_num_threads(1)

    objective = ("the book's train_concise: MSELoss (no 1/2), b ~ N(0, 1)" if args.as_concise
                 else "loss (y_hat - y)^2/2, w ~ N(0, 1), b = 0, as train(lambd)")
    print(f"PyTorch {torch.__version__}, float32; {objective}; SGD lr {args.lr}, batch {args.batch_size}, "
          f"{args.epochs} epochs")
    print(f"{'seed':>5}  {'lambda':>6}  {'||w||':>9}  {'train loss':>10}  {'test loss':>10}")
    results = {lam: [] for lam in lambdas}
    for seed in range(args.seed, args.seed + args.seeds):
        torch.manual_seed(seed)
        true_w, true_b = torch.ones(200) * 0.01, 0.05
        data = (synthetic_data(true_w, true_b, 20), synthetic_data(true_w, true_b, 100))
        for lam in lambdas:
            torch.manual_seed(seed + 1)  # the same initialization and shuffling for every lambda
            norm, train_loss, test_loss = train_concise(lam, data, args)
            results[lam].append((norm, train_loss, test_loss))
            print(f"{seed:>5}  {lam:>6g}  {norm:>9.4f}  {train_loss:>10.3e}  {test_loss:>10.3e}", flush=True)
    if args.seeds > 1:
        print(f"\nover {args.seeds} seeds, lowest - highest:")
        for lam, rows in results.items():
            columns = list(zip(*rows))
            print(f"lambda = {lam:g}: ||w|| {min(columns[0]):.4f} - {max(columns[0]):.4f}, "
                  f"train loss {min(columns[1]):.2e} - {max(columns[1]):.2e}, "
                  f"test loss {min(columns[2]):.2e} - {max(columns[2]):.2e}")


if __name__ == "__main__":
    main()
