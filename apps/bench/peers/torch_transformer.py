#!/usr/bin/env python3
"""PyTorch peer of ProRL.ts's policy model, for `prorl-bench perf policy`.

Same architecture as packages/policy/src/model/config.ts: token embedding, L pre-RMSNorm blocks
(q, k, v, o as [in, out] matrices without biases, RoPE in rotate-half form on q and k, causal
softmax attention scaled by 1/sqrt(dh), SwiGLU or tanh-GELU MLP), final RMSNorm, LM head untied
([D, V]) or tied (h @ tok_emb^T). Initialisation: N(0, 0.02), residual projections N(0, 0.02/sqrt(2L)).

Tasks (one JSON request -> one JSON line on stdout):
  {"task": "info"}
  {"task": "train", "model": {...ModelConfig}, "batch": B, "seqLen": T, "steps": n, "warmup": w, "seed": s}
      forward + backward (masked mean next-token cross-entropy) + torch.optim.AdamW, per-step times.
  {"task": "rollout", "model": {...}, "batch": 64, "promptLen": 16, "newTokens": 128, "reps": n, "warmup": w, "seed": s}
      batched sampling (temperature 1, full softmax) with a KV cache: prefill, then one token per step.
  {"task": "sgemm", "sizes": [1024, 2048], "reps": n}
      square float32 matmul GFLOP/s with numpy (when installed) and torch.
  {"task": "check", "model": {...}, "batch": B, "seqLen": T, "weights": [flat, ParamLayout order], "ids": [B*T], "coef": [B*T]}
      token log-probs (0 at t = 0) and d(sum coef*logp)/d weights, flat: the same-function check.

Input: the request as JSON in argv[1], or on stdin. With `--serve`, reads one request per stdin line
and answers each with one line until EOF (keeps models warm between adjacent-pair measurements).
Run with OPENBLAS_CORETYPE=SkylakeX and OPENBLAS_NUM_THREADS=2 (see research/deps.md); this script
calls torch.set_num_threads(1) itself so torch does not oversubscribe the 2 BLAS threads.
"""
import json
import math
import os
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

try:
    import numpy as np
except ImportError:  # numpy is optional: sgemm then reports torch only
    np = None

DEFAULTS = {
    "vocabSize": 64, "dModel": 128, "nHeads": 4, "nLayers": 4, "maxSeqLen": 256,
    "mlp": "swiglu", "tieEmbeddings": False, "normEps": 1e-5, "ropeTheta": 10000.0,
}


def resolve_config(partial):
    cfg = dict(DEFAULTS)
    cfg.update(partial or {})
    if "dFF" not in cfg or cfg["dFF"] is None:
        d = cfg["dModel"]
        cfg["dFF"] = 4 * d if cfg["mlp"] == "gelu" else max(8, round(8 / 3 * d / 8) * 8)
    if cfg["dModel"] % cfg["nHeads"] or (cfg["dModel"] // cfg["nHeads"]) % 2:
        raise ValueError("dModel must be divisible by nHeads with an even head width")
    if cfg["mlp"] not in ("swiglu", "gelu"):
        raise ValueError("mlp must be 'swiglu' or 'gelu'")
    return cfg


def rmsnorm(x, gain, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * gain


def gelu_tanh(u):
    return 0.5 * u * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (u + 0.044715 * u.pow(3))))


def rope(x, cos, sin):
    """x [B,H,T,dh]; cos, sin [T, dh/2] (or broadcastable)."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1)


class Policy(torch.nn.Module):
    def __init__(self, cfg, seed):
        super().__init__()
        self.cfg = cfg
        V, D, F, L = cfg["vocabSize"], cfg["dModel"], cfg["dFF"], cfg["nLayers"]
        g = torch.Generator().manual_seed(seed)
        std, rstd = 0.02, 0.02 / math.sqrt(2 * L)

        def p(shape, kind):
            if kind == "ones":
                t = torch.ones(shape)
            else:
                t = torch.randn(shape, generator=g) * (std if kind == "normal" else rstd)
            return torch.nn.Parameter(t)

        self.tok_emb = p((V, D), "normal")
        self.layers = torch.nn.ModuleList()
        for _ in range(L):
            m = torch.nn.Module()
            m.attn_norm = p((D,), "ones")
            m.wq, m.wk, m.wv = p((D, D), "normal"), p((D, D), "normal"), p((D, D), "normal")
            m.wo = p((D, D), "residual")
            m.mlp_norm = p((D,), "ones")
            if cfg["mlp"] == "swiglu":
                m.w_gate = p((D, F), "normal")
            m.w_up = p((D, F), "normal")
            m.w_down = p((F, D), "residual")
            self.layers.append(m)
        self.final_norm = p((D,), "ones")
        self.lm_head = None if cfg["tieEmbeddings"] else p((D, V), "normal")
        dh = D // cfg["nHeads"]
        inv = cfg["ropeTheta"] ** (-torch.arange(0, dh // 2, dtype=torch.float64) * 2.0 / dh)
        ang = torch.arange(cfg["maxSeqLen"], dtype=torch.float64)[:, None] * inv[None, :]
        self.register_buffer("cos", ang.cos().float(), persistent=False)
        self.register_buffer("sin", ang.sin().float(), persistent=False)

    def head(self, h):
        w = self.tok_emb.t() if self.lm_head is None else self.lm_head
        return rmsnorm(h, self.final_norm, self.cfg["normEps"]) @ w

    def mlp(self, m, h):
        if self.cfg["mlp"] == "swiglu":
            return (torch.nn.functional.silu(h @ m.w_gate) * (h @ m.w_up)) @ m.w_down
        return gelu_tanh(h @ m.w_up) @ m.w_down

    def forward(self, ids, pos0=0, cache=None):
        """ids [B,T] -> logits [B,T,V]. With `cache` (a list of [k, v] per layer, or empty list to
        start one), keys/values of these positions are appended and attention covers the cache."""
        cfg = self.cfg
        B, T = ids.shape
        H = cfg["nHeads"]
        D = cfg["dModel"]
        dh = D // H
        eps = cfg["normEps"]
        x = self.tok_emb[ids]
        cos, sin = self.cos[pos0:pos0 + T], self.sin[pos0:pos0 + T]
        S = pos0 + T
        # Causal mask over [T, S]: key index > query index -> -1e9.
        q_idx = torch.arange(pos0, S)[:, None]
        k_idx = torch.arange(S)[None, :]
        mask = torch.where(k_idx > q_idx, torch.tensor(-1e9), torch.tensor(0.0)) if T > 1 else None
        for li, m in enumerate(self.layers):
            h = rmsnorm(x, m.attn_norm, eps)
            q = (h @ m.wq).view(B, T, H, dh).transpose(1, 2)
            k = (h @ m.wk).view(B, T, H, dh).transpose(1, 2)
            v = (h @ m.wv).view(B, T, H, dh).transpose(1, 2)
            q, k = rope(q, cos, sin), rope(k, cos, sin)
            if cache is not None:
                if li < len(cache):
                    k = torch.cat((cache[li][0], k), dim=2)
                    v = torch.cat((cache[li][1], v), dim=2)
                    cache[li] = [k, v]
                else:
                    cache.append([k, v])
            s = (q @ k.transpose(-1, -2)) / math.sqrt(dh)
            if mask is not None:
                s = s + mask
            a = torch.softmax(s, dim=-1) @ v
            x = x + a.transpose(1, 2).reshape(B, T, D) @ m.wo
            x = x + self.mlp(m, rmsnorm(x, m.mlp_norm, eps))
        return self.head(x)


def layout_params(model):
    """(name, parameter) in the policy package's ParamLayout order (packages/policy/src/model/params.ts)."""
    out = [("tok_emb", model.tok_emb)]
    for i, m in enumerate(model.layers):
        out += [(f"l{i}.attn_norm", m.attn_norm), (f"l{i}.wq", m.wq), (f"l{i}.wk", m.wk), (f"l{i}.wv", m.wv),
                (f"l{i}.wo", m.wo), (f"l{i}.mlp_norm", m.mlp_norm)]
        if model.cfg["mlp"] == "swiglu":
            out.append((f"l{i}.w_gate", m.w_gate))
        out += [(f"l{i}.w_up", m.w_up), (f"l{i}.w_down", m.w_down)]
    out.append(("final_norm", model.final_norm))
    if model.lm_head is not None:
        out.append(("lm_head", model.lm_head))
    return out


def task_check(req):
    """Token log-probs and the gradient of sum(coef * logp) for given flat weights and ids: lets a test
    check that this peer computes the same function as the policy package (same weights in, same out)."""
    cfg = resolve_config(req.get("model"))
    B, T = int(req["batch"]), int(req["seqLen"])
    model = Policy(cfg, 0)
    flat = torch.tensor(req["weights"], dtype=torch.float32)
    off = 0
    with torch.no_grad():
        for _, p in layout_params(model):
            p.copy_(flat[off:off + p.numel()].view_as(p))
            off += p.numel()
    if off != flat.numel():
        raise ValueError(f"weights have {flat.numel()} values, the config needs {off}")
    ids = torch.tensor(req["ids"], dtype=torch.long).view(B, T)
    coef = torch.tensor(req["coef"], dtype=torch.float32).view(B, T)
    logits = model(ids)
    lp = torch.log_softmax(logits[:, :-1], dim=-1).gather(-1, ids[:, 1:, None])[..., 0]
    logp = torch.cat((torch.zeros(B, 1), lp), dim=1)
    objective = (coef * logp).sum()
    objective.backward()
    grads = torch.cat([p.grad.reshape(-1) for _, p in layout_params(model)])
    return {"task": "check", "logp": logp.reshape(-1).tolist(), "objective": float(objective), "grads": grads.tolist()}


def matmul_params(cfg):
    D, F, V, L = cfg["dModel"], cfg["dFF"], cfg["vocabSize"], cfg["nLayers"]
    per_layer = 4 * D * D + (3 if cfg["mlp"] == "swiglu" else 2) * D * F
    return L * per_layer + D * V


def train_flops(cfg, B, T):
    """6 * (matmul params) * tokens + 12 * B * T^2 * D * L (as in research/ort-training-probe.md)."""
    return 6 * matmul_params(cfg) * B * T + 12 * B * T * T * cfg["dModel"] * cfg["nLayers"]


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


_CACHE = {}


def get_trainer(cfg, seed):
    key = json.dumps([cfg, seed], sort_keys=True)
    if key not in _CACHE:
        model = Policy(cfg, seed)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                                weight_decay=0.01, foreach=False)
        _CACHE.clear()  # keep one model alive at a time (memory)
        _CACHE[key] = (model, opt)
    return _CACHE[key]


def task_train(req):
    cfg = resolve_config(req.get("model"))
    B, T = int(req["batch"]), int(req["seqLen"])
    steps, warmup, seed = int(req.get("steps", 3)), int(req.get("warmup", 1)), int(req.get("seed", 1))
    model, opt = get_trainer(cfg, seed)
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randint(0, cfg["vocabSize"], (B, T), generator=g)
    n_pred = B * (T - 1)
    step_ms, fb_ms, opt_ms, losses = [], [], [], []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        logits = model(ids)
        logp = torch.log_softmax(logits[:, :-1], dim=-1).gather(-1, ids[:, 1:, None])
        loss = -logp.sum() / n_pred
        opt.zero_grad(set_to_none=True)
        loss.backward()
        t1 = time.perf_counter()
        opt.step()
        t2 = time.perf_counter()
        if i >= warmup:
            step_ms.append((t2 - t0) * 1e3)
            fb_ms.append((t1 - t0) * 1e3)
            opt_ms.append((t2 - t1) * 1e3)
            losses.append(float(loss))
    params = sum(p.numel() for p in model.parameters())
    flops = train_flops(cfg, B, T)
    med = median(step_ms)
    return {"task": "train", "params": params, "matmulParams": matmul_params(cfg), "batch": B, "seqLen": T,
            "tokensPerStep": B * T, "stepMs": step_ms, "medianStepMs": med, "medianFwdBwdMs": median(fb_ms),
            "medianOptimizerMs": median(opt_ms), "flopsPerStep": flops, "gflops": flops / (med * 1e6),
            "loss": losses[-1] if losses else None}


@torch.no_grad()
def task_rollout(req):
    cfg = resolve_config(req.get("model"))
    B, P, N = int(req.get("batch", 64)), int(req.get("promptLen", 16)), int(req.get("newTokens", 128))
    reps, seed, warmup = int(req.get("reps", 1)), int(req.get("seed", 1)), int(req.get("warmup", 1))
    if P + N > cfg["maxSeqLen"]:
        raise ValueError(f"promptLen + newTokens = {P + N} exceeds maxSeqLen {cfg['maxSeqLen']}")
    model = Policy(cfg, seed)
    model.eval()
    g = torch.Generator().manual_seed(seed + 2)
    prompts = torch.randint(0, cfg["vocabSize"], (B, P), generator=g)
    times = []
    for _ in range(warmup + reps):
        t0 = time.perf_counter()
        cache = []
        logits = model(prompts, 0, cache)[:, -1]
        out = []
        for step in range(N):
            probs = torch.softmax(logits, dim=-1)
            tok = torch.multinomial(probs, 1, generator=g)  # [B,1]
            out.append(tok)
            if step + 1 < N:
                logits = model(tok, P + step, cache)[:, -1]
        times.append((time.perf_counter() - t0) * 1e3)
    timed = times[warmup:]
    med = median(timed)
    return {"task": "rollout", "batch": B, "promptLen": P, "newTokens": N, "ms": timed, "medianMs": med,
            "tokensPerS": B * N / (med / 1e3), "kvCache": True}


def task_sgemm(req):
    sizes = [int(n) for n in req.get("sizes", [1024, 2048])]
    reps = int(req.get("reps", 5))
    out = {"task": "sgemm", "sizes": sizes, "numpy": None, "torch": {}}

    def bench(fn, n):
        fn()
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        return 2 * n ** 3 / median(ts) / 1e9

    if np is not None:
        out["numpy"] = {}
        for n in sizes:
            a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
            b = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
            out["numpy"][str(n)] = bench(lambda: a @ b, n)
    for n in sizes:
        a, b = torch.randn(n, n), torch.randn(n, n)
        out["torch"][str(n)] = bench(lambda: a @ b, n)
    vals = list(out["torch"].values()) + (list(out["numpy"].values()) if out["numpy"] else [])
    out["peakGflops"] = max(vals)
    return out


def task_info(_req):
    return {"task": "info", "torch": torch.__version__, "numpy": (np.__version__ if np is not None else None),
            "python": sys.version.split()[0], "torchThreads": torch.get_num_threads(),
            "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"),
            "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS")}


TASKS = {"info": task_info, "train": task_train, "rollout": task_rollout, "sgemm": task_sgemm, "check": task_check}


def handle(line):
    try:
        req = json.loads(line)
        task = req.get("task")
        if task not in TASKS:
            raise ValueError(f"unknown task {task!r}; use one of: {', '.join(TASKS)}")
        res = TASKS[task](req)
        res["ok"] = True
    except Exception as e:  # reported to the caller as one JSON line
        res = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.flush()


def main(argv):
    if "--serve" in argv:
        for line in sys.stdin:
            if line.strip():
                handle(line)
        return 0
    args = [a for a in argv if not a.startswith("--")]
    handle(args[0] if args else sys.stdin.read())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
