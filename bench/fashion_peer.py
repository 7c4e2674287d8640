#!/usr/bin/python3
"""
The Fashion-MNIST benchmark protocol in PyTorch on CPU: the studio's peer (README, "Fashion-MNIST").

    /usr/bin/python3 bench/fashion_peer.py --seed 0 [--data /usr/share/datasets/fashion-mnist] [--threads 2] [--students mlp-64,cnn-student]
    /usr/bin/python3 bench/fashion_peer.py --speed [--repeats 3] [--out bench/results/pytorch-speed.json]
                                                             # images/s of the teachers' training steps only

Protocol (the same as the studio's preset): Fashion-MNIST's official split, validation the last
5,000 images of the training files; 3 "CNN (32-64)" teachers (conv 32@3x3 same, max-pool 2,
conv 64@3x3 same, max-pool 2, dense 128, dropout 0.3, classes; ReLU; Adam 0.001; batch 64; 5
epochs); the ensemble is the mean of the members' probabilities; two students, each distilled
(alpha * T^2 * KL(p_teacher,T || p_student,T) + (1 - alpha) * CE) and its baseline (CE only) for 30
epochs, keeping the epoch best on validation: the MLP 784-64-10 and the small CNN (conv 8@5x5 valid,
max-pool 2, dense classes). Prints one JSON line per seed (and --speed: one line of figures).
--students adds the label-share variants (mlp-64-labels-5, mlp-64-labels-1): only a seeded 5 % / 1 %
of the training images keep their labels; the distilled student learns the soft labels of all of
them, the rest spread over each epoch's labelled batches as the studio's "Student labels (%)" does.

--speed times training steps alone, as `npm run bench` times the studio's (src/bench/teacher-speed.ts):
the CNN (32-64) teacher and the MLP 784-512-512-10 teacher (with the studio's dropout 0.2 after each
hidden layer), batch 64, Adam 0.001, consecutive batches of the training images; per model 30
warm-up steps untimed, then 10 windows of 16 steps each timed (ending with the loss read back);
the figure is the median window's images/s (with --repeats, the median of the runs' figures).

Debian: apt-get install python3-torch libopenblas0-pthread (without the pthread OpenBLAS PyTorch's
products run on the reference BLAS, about 2x slower here).
"""
import argparse
import datetime
import gzip
import json
import os
import statistics
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows * cols)
    return np.frombuffer(data, np.uint8, offset=8)


def load(folder):
    def pick(kind, role):
        names = [n for n in os.listdir(folder) if kind in n and role in n]
        return os.path.join(folder, names[0])

    x_train = read_idx(pick("images", "train")).astype(np.float32) / 255
    y_train = read_idx(pick("labels", "train")).astype(np.int64)
    x_test = read_idx(pick("images", "t10k")).astype(np.float32) / 255
    y_test = read_idx(pick("labels", "t10k")).astype(np.int64)
    val = 5000 if len(y_train) >= 50000 else max(1, round(len(y_train) * 0.1))
    split = {
        "train": (x_train[:-val], y_train[:-val]),
        "val": (x_train[-val:], y_train[-val:]),
        "test": (x_test, y_test),
    }
    return {k: (torch.from_numpy(x.copy()), torch.from_numpy(y.copy())) for k, (x, y) in split.items()}


class CnnTeacher(nn.Module):
    """CNN (32-64): conv 32@3x3 same, pool, conv 64@3x3 same, pool, dense 128, dropout 0.3, classes."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.dense = nn.Linear(7 * 7 * 64, 128)
        self.out = nn.Linear(128, classes)
        self.dropout = nn.Dropout(0.3)

    def forward(self, x):
        x = x.view(-1, 1, 28, 28)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.dropout(F.relu(self.dense(x.flatten(1))))
        return self.out(x)


class MlpStudent(nn.Module):
    def __init__(self, hidden=64, classes=10):
        super().__init__()
        self.hidden = nn.Linear(784, hidden)
        self.out = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


class CnnStudent(nn.Module):
    """conv 8@5x5 valid, max-pool 2, dense classes (the studio's CNN student)."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 5)
        self.out = nn.Linear(12 * 12 * 8, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv(x.view(-1, 1, 28, 28))), 2)
        return self.out(x.flatten(1))


def batches(n, size, generator):
    order = torch.randperm(n, generator=generator)
    for start in range(0, n, size):
        yield order[start : start + size]


@torch.no_grad()
def logits_of(model, x, chunk=1000):
    model.eval()
    return torch.cat([model(x[i : i + chunk]) for i in range(0, len(x), chunk)])


def accuracy(logits, y):
    return (logits.argmax(1) == y).float().mean().item()


def train_teacher(data, seed, epochs=5, batch=64):
    torch.manual_seed(seed)
    model = CnnTeacher()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = data["train"]
    generator = torch.Generator().manual_seed(seed)
    images, start = 0, time.perf_counter()
    for _ in range(epochs):
        model.train()
        for idx in batches(len(y), batch, generator):
            optimizer.zero_grad()
            F.cross_entropy(model(x[idx]), y[idx]).backward()
            optimizer.step()
            images += len(idx)
    return model, images / (time.perf_counter() - start)


def distill(student, data, teacher_logits, temperature, alpha, seed, epochs=30, batch=64, distilled=True, label_percent=100):
    """A student for `epochs`, kept at its best validation epoch. Below 100 % labels only a seeded share
    of the training images keep their labels; the distilled student also learns the soft labels of the
    rest, spread over the epoch's labelled batches (as the studio does: its hard term averages over the
    labelled rows), the baseline sees the labelled share only."""
    torch.manual_seed(seed)
    optimizer = torch.optim.Adam(student.parameters(), lr=1e-3)
    x, y = data["train"]
    soft = ensemble_log_probs(teacher_logits["train"], temperature)
    generator = torch.Generator().manual_seed(seed)
    if label_percent >= 100:
        labelled, rest = torch.arange(len(y)), torch.arange(0)
    else:
        order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed + 7))
        kept = max(batch, round(len(y) * label_percent / 100))
        labelled, rest = order[:kept], order[kept:]
    # The transfer set is shuffled from a stream of its own, so both students see the same labelled batches.
    spread_generator = torch.Generator().manual_seed(seed + 11)
    best_val, best_state = -1.0, None
    for _ in range(epochs):
        student.train()
        steps = list(batches(len(labelled), batch, generator))
        spread = rest[torch.randperm(len(rest), generator=spread_generator)] if distilled and len(rest) > 0 else rest[:0]
        for b, idx in enumerate(steps):
            idx = labelled[idx]
            extra = spread[b * len(spread) // len(steps) : (b + 1) * len(spread) // len(steps)]
            optimizer.zero_grad()
            logits = student(x[torch.cat([idx, extra])])
            hard = F.cross_entropy(logits[: len(idx)], y[idx])
            if distilled:
                every = torch.cat([idx, extra])
                kl = F.kl_div(F.log_softmax(logits / temperature, dim=1), soft[every], log_target=True, reduction="batchmean")
                loss = alpha * temperature**2 * kl + (1 - alpha) * hard
            else:
                loss = hard
            loss.backward()
            optimizer.step()
        val = accuracy(logits_of(student, data["val"][0]), data["val"][1])
        if val > best_val:
            best_val, best_state = val, {k: v.clone() for k, v in student.state_dict().items()}
    student.load_state_dict(best_state)
    return best_val, accuracy(logits_of(student, data["test"][0]), data["test"][1])


def ensemble_log_probs(member_logits, temperature=1.0):
    """The mean of the members' probabilities at T, as log-probabilities (the studio's arithmetic mean)."""
    probs = F.softmax(member_logits / temperature, dim=2).mean(0)
    return probs.clamp_min(1e-12).log()


# The students measured (scripts/fashion-table.ts names the same variants): model, label share.
STUDENTS = {
    "mlp-64": (MlpStudent, 100),
    "cnn-student": (CnnStudent, 100),
    "mlp-64-labels-5": (MlpStudent, 5),
    "mlp-64-labels-1": (MlpStudent, 1),
}


def run(data, seed, temperature, alpha, students, teachers_n=3):
    teachers, speeds = [], []
    for m in range(teachers_n):
        teacher, speed = train_teacher(data, seed * 100 + m)
        teachers.append(teacher)
        speeds.append(speed)
    cached = {split: torch.stack([logits_of(t, data[split][0]) for t in teachers]) for split in data}
    result = {
        "seed": seed,
        "T": temperature,
        "alpha": alpha,
        "teacher_images_per_s": speeds,
        "ensemble": {split: accuracy(ensemble_log_probs(cached[split]), data[split][1]) for split in ("val", "test")},
    }
    for name in students:
        make, label_percent = STUDENTS[name]
        torch.manual_seed(seed)
        init = make().state_dict()
        pair = {}
        for side in ("distilled", "baseline"):
            student = make()
            student.load_state_dict(init)
            val, test = distill(student, data, cached, temperature, alpha, seed, distilled=side == "distilled", label_percent=label_percent)
            pair[side] = {"val": val, "test": test}
        result[name] = pair
    return result


class MlpTeacher(nn.Module):
    """The studio's MLP teacher: 784-h-h-classes, ReLU, dropout 0.2 after each hidden layer."""

    def __init__(self, hidden=512, classes=10):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(784, hidden),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(hidden, classes),
        )

    def forward(self, x):
        return self.layers(x)


# The speed protocol; the studio's side (src/bench/teacher-speed.ts, SPEED_PROTOCOL) uses the same numbers.
SPEED = {"batch": 64, "learning_rate": 1e-3, "warmup_steps": 30, "windows": 10, "steps_per_window": 16}
SPEED_MODELS = (("cnn-32-64", CnnTeacher), ("mlp-512-512", MlpTeacher))


def speed_run(data):
    """One run: per model, a fresh model and Adam, the warm-up steps untimed, then each window of steps
    timed; the model's figure is the median window's images/s."""
    x, y = data["train"]
    batch, steps = SPEED["batch"], SPEED["steps_per_window"]
    batches = len(y) // batch
    run = {}
    for name, make in SPEED_MODELS:
        torch.manual_seed(1)
        model = make()
        optimizer = torch.optim.Adam(model.parameters(), lr=SPEED["learning_rate"])
        model.train()

        def step(k):
            idx = torch.arange((k % batches) * batch, (k % batches + 1) * batch)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            return loss

        k = 0
        for _ in range(SPEED["warmup_steps"]):
            step(k)
            k += 1
        windows = []
        for _ in range(SPEED["windows"]):
            start = time.perf_counter()
            for _ in range(steps):
                loss = step(k)
                k += 1
            loss.item()  # as the studio reads its losses back
            windows.append(steps * batch / (time.perf_counter() - start))
        run[name] = {"images_per_s": statistics.median(windows), "windows": windows}
    return run


def speed(data, threads, repeats):
    """`repeats` runs; each model's figure is the median of the runs' figures."""
    runs, loads = [], []
    for _ in range(repeats):
        runs.append(speed_run(data))
        loads.append(os.getloadavg()[0])
    return {
        "mode": "speed",
        "peer": "pytorch",
        "torch": torch.__version__,
        "threads": threads,
        **SPEED,
        "images_per_s": {name: statistics.median(r[name]["images_per_s"] for r in runs) for name, _ in SPEED_MODELS},
        "runs": runs,
        "load_average": loads,  # the 1-minute load average at the end of each run
        "written": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--temperature", type=float, default=4.0)
    parser.add_argument("--alpha", type=float, default=0.9)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--students", default="mlp-64,cnn-student", help=f"comma-separated, of {', '.join(STUDENTS)}")
    parser.add_argument("--repeats", type=int, default=1, help="--speed: runs, each model's figure their median")
    parser.add_argument("--out", help="--speed: also write the JSON to this file (npm run bench reads bench/results/pytorch-speed.json)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load(args.data)
    if args.speed:
        result = json.dumps(speed(data, args.threads, args.repeats))
        if args.out:
            os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
            with open(args.out, "w") as f:
                f.write(result + "\n")
        print(result)
        return
    start = time.perf_counter()
    result = run(data, args.seed, args.temperature, args.alpha, args.students.split(","))
    result["seconds"] = time.perf_counter() - start
    print(json.dumps(result))


if __name__ == "__main__":
    main()
