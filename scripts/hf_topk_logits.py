#!/usr/bin/env python3
"""
Top-k teacher logits for Distill Studio from a Hugging Face model: one text per sample of the
dataset, in the dataset's order, written as the top-k JSON the Teachers panel and
`npm run distill -- --teacher-logits` read (src/core/import/logits.ts):

    {"classes": ["negative", "positive", ...],
     "topk": [{"index": [2, 0], "logit": [3.1, 1.2], "rest": 0.03}, ...]}

per sample the k classes with the largest logits, their logits, and "rest", the softmax mass of
the classes not listed; the studio gives each unlisted class an equal share of it.

A sequence classifier (AutoModelForSequenceClassification), its logits in the order of --classes
(default: the model's id2label):

    python3 scripts/hf_topk_logits.py --model distilbert-base-uncased-finetuned-sst-2-english \\
        --texts texts.txt --classes NEGATIVE,POSITIVE --k 1 --out teacher-topk.json

A causal LM (--causal) scores each class name as the continuation of a prompt: a class's logit is
the summed log-probability of its name's tokens after the prompt (the softmax over the classes
renormalises them):

    python3 scripts/hf_topk_logits.py --causal --model Qwen/Qwen2.5-0.5B-Instruct --texts news.jsonl \\
        --classes World,Sports,Business,Sci/Tech --prompt 'Article: {text}\\nTopic:' --k 2 --out topk.json

--texts: a .txt file (one text per line), .jsonl (a "text" field per line) or .csv (--text-column,
default "text"). Needs `pip install torch transformers` for the model; write_topk alone needs
neither (nor NumPy) and can be imported to write the file from logits computed any other way:

    from hf_topk_logits import write_topk
    write_topk(logits, class_names, k=5, path='topk.json')   # logits: [samples, classes]
"""
import argparse
import csv
import json
import math
import sys


def _lists(logits):
    """Nested lists of numbers from a NumPy array, a torch tensor or nested sequences of either."""
    if hasattr(logits, 'detach'):
        logits = logits.detach().cpu().numpy()
    if hasattr(logits, 'tolist'):
        return logits.tolist()
    if isinstance(logits, (list, tuple)):
        return [_lists(v) for v in logits]
    return logits


def _topk_entry(row, k, where):
    """{"index", "logit", "rest"} for one row of logits: the k largest (ties: the lower index first)."""
    values = [float(v) for v in row]
    for c, v in enumerate(values):
        if not math.isfinite(v):
            raise ValueError(f'{where}, class {c}: the logit is {v}; logits must be finite')
    order = sorted(range(len(values)), key=lambda c: (-values[c], c))
    listed, unlisted = order[:k], order[k:]
    top = values[order[0]]
    mass = [math.exp(v - top) for v in values]
    # The unlisted mass summed directly (not 1 - listed) keeps its precision when it is tiny.
    rest = sum(mass[c] for c in unlisted) / sum(mass)
    return {'index': listed, 'logit': [values[c] for c in listed], 'rest': rest}


def write_topk(logits, class_names, k, path):
    """
    Writes `logits` ([samples, classes], or [members, samples, classes] for an ensemble) as
    Distill Studio's top-k JSON at `path`: per sample the k largest logits with their class
    indices and "rest", the softmax mass of the other classes. `class_names` (in the logits'
    column order, the dataset's class order) are written as "classes", which the studio checks
    against the dataset; None leaves them out. Returns the number of samples written.
    """
    table = _lists(logits)
    if not (isinstance(table, list) and table and isinstance(table[0], list) and table[0]):
        raise ValueError('no logits: expected an array of [samples, classes] or [members, samples, classes]')
    stacked = isinstance(table[0][0], list)
    members = table if stacked else [table]
    classes = len(members[0][0]) if members[0] else 0
    if classes == 0:
        raise ValueError('no logits: expected an array of [samples, classes] or [members, samples, classes]')
    if class_names is not None and len(class_names) != classes:
        raise ValueError(f'{len(class_names)} class names for {classes} columns of logits')
    if not (isinstance(k, int) and 1 <= k <= classes):
        raise ValueError(f'k must be an integer from 1 to {classes} (the number of classes); it is {k!r}')
    samples = len(members[0])
    entries = []
    for m, member in enumerate(members):
        if len(member) != samples:
            raise ValueError(f'member {m} has {len(member)} samples; member 0 has {samples}')
        rows = []
        for r, row in enumerate(member):
            where = f'member {m}, sample {r}' if stacked else f'sample {r}'
            if len(row) != classes:
                raise ValueError(f'{where} has {len(row)} logits; expected {classes}')
            rows.append(json.dumps(_topk_entry(row, k, where), allow_nan=False))
        entries.append(rows)

    def block(rows, indent):
        return '[\n' + ',\n'.join(indent + row for row in rows) + '\n' + indent[:-2] + ']'

    with open(path, 'w', encoding='utf-8') as out:
        out.write('{\n')
        if class_names is not None:
            out.write(f'  "classes": {json.dumps([str(name) for name in class_names], ensure_ascii=False)},\n')
        if stacked:
            out.write('  "topk": [\n' + ',\n'.join('    ' + block(rows, '      ') for rows in entries) + '\n  ]\n')
        else:
            out.write('  "topk": ' + block(entries[0], '    ') + '\n')
        out.write('}\n')
    return samples


# --- the model run (needs torch and transformers) ---


def read_texts(path, column):
    if path.endswith('.jsonl'):
        with open(path, encoding='utf-8') as f:
            return [json.loads(line)['text'] for line in f if line.strip()]
    if path.endswith('.csv'):
        with open(path, encoding='utf-8', newline='') as f:
            return [row[column] for row in csv.DictReader(f)]
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n') for line in f]


def classifier_logits(args, texts, class_names, torch, transformers):
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(args.model).to(args.device).eval()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    names = class_names or labels
    missing = [n for n in names if n not in labels]
    if missing:
        sys.exit(f'{args.model} has no class {missing[0]!r}; its classes: {", ".join(labels)}')
    columns = [labels.index(n) for n in names]
    rows = []
    with torch.no_grad():
        for start in range(0, len(texts), args.batch_size):
            batch = tokenizer(
                texts[start : start + args.batch_size], padding=True, truncation=True, max_length=args.max_length, return_tensors='pt'
            ).to(args.device)
            rows.extend(model(**batch).logits[:, columns].float().cpu().tolist())
    return rows, names


def causal_logits(args, texts, class_names, torch, transformers):
    if not class_names:
        sys.exit('--causal needs --classes: the class names to score')
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
    model = transformers.AutoModelForCausalLM.from_pretrained(args.model).to(args.device).eval()
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (tokenizer.eos_token_id or 0)
    continuations = [tokenizer(' ' + name, add_special_tokens=False)['input_ids'] for name in class_names]
    rows = []
    with torch.no_grad():
        for text in texts:
            prompt = tokenizer(args.prompt.format(text=text), truncation=True, max_length=args.max_length)['input_ids']
            sequences = [prompt + c for c in continuations]
            width = max(map(len, sequences))
            ids = torch.full((len(sequences), width), pad, dtype=torch.long)
            mask = torch.zeros((len(sequences), width), dtype=torch.long)
            for i, s in enumerate(sequences):
                ids[i, : len(s)] = torch.tensor(s)
                mask[i, : len(s)] = 1
            logp = model(input_ids=ids.to(args.device), attention_mask=mask.to(args.device)).logits.float().log_softmax(-1).cpu()
            # The token at position p is predicted at position p - 1.
            rows.append(
                [sum(logp[i, len(prompt) + j - 1, token].item() for j, token in enumerate(c)) for i, c in enumerate(continuations)]
            )
    return rows, class_names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--model', required=True, help='a Hugging Face model name or local directory')
    parser.add_argument('--texts', required=True, help='one text per sample, in the dataset order: .txt, .jsonl or .csv')
    parser.add_argument('--text-column', default='text', help='the .csv column holding the texts (default: text)')
    parser.add_argument('--classes', help="the dataset's class names in its order, comma-separated (classifier default: id2label)")
    parser.add_argument('--k', type=int, default=5, help='classes listed per sample (default 5; at most the number of classes)')
    parser.add_argument('--out', required=True, help='the JSON file to write')
    parser.add_argument('--causal', action='store_true', help='score each class name with a causal LM instead of a classifier')
    parser.add_argument('--prompt', default='{text}\nLabel:', help='--causal: the prompt, {text} standing for the text')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--max-length', type=int, default=512, help='tokens per text (longer ones are truncated)')
    parser.add_argument('--device', default=None, help='cpu, cuda, mps (default: cuda if available)')
    args = parser.parse_args(argv)

    try:  # imported here so that write_topk works without them
        import torch
        import transformers
    except ImportError as error:
        sys.exit(f'{error}: the model run needs `pip install torch transformers`')

    args.device = args.device or ('cuda' if torch.cuda.is_available() else 'cpu')
    texts = read_texts(args.texts, args.text_column)
    class_names = [c.strip() for c in args.classes.split(',')] if args.classes else None
    run = causal_logits if args.causal else classifier_logits
    rows, names = run(args, texts, class_names, torch, transformers)
    count = write_topk(rows, names, min(args.k, len(names)), args.out)
    print(f'{args.out}: top-{min(args.k, len(names))} logits of {count} samples over {len(names)} classes')


if __name__ == '__main__':
    main()
