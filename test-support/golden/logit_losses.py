#!/usr/bin/python3
"""Golden float64 values for DIST, TTM, WTTM and NKD logit-distillation losses.

The loss code below is copied verbatim from the authors' public repositories
(see the citation comment above each block). Run with:
    /usr/bin/python3 test-support/golden/logit_losses.py > test-support/golden/logit_losses.json
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


# ---------------------------------------------------------------------------
# DIST (Huang et al., NeurIPS 2022).
# Source: github.com/hunto/image_classification_sota  lib/models/losses/dist_kd.py
#   commit 6f7a70a1dd57fd88413d83909d3d53243068f701 (file identical at
#   d9662f7df68fe46b973c4580b7c9b896cedcd301, the commit that
#   hunto/DIST_KD@2418f18b1fedd7c2646a7b1b9a27d5c674c2170b pins as its
#   `classification` submodule). Verbatim.
# ---------------------------------------------------------------------------
def cosine_similarity(a, b, eps=1e-8):
    return (a * b).sum(1) / (a.norm(dim=1) * b.norm(dim=1) + eps)


def pearson_correlation(a, b, eps=1e-8):
    return cosine_similarity(a - a.mean(1).unsqueeze(1),
                             b - b.mean(1).unsqueeze(1), eps)


def inter_class_relation(y_s, y_t):
    return 1 - pearson_correlation(y_s, y_t).mean()


def intra_class_relation(y_s, y_t):
    return inter_class_relation(y_s.transpose(0, 1), y_t.transpose(0, 1))


class DIST(nn.Module):
    def __init__(self, beta=1.0, gamma=1.0, tau=1.0):
        super(DIST, self).__init__()
        self.beta = beta
        self.gamma = gamma
        self.tau = tau

    def forward(self, z_s, z_t):
        y_s = (z_s / self.tau).softmax(dim=1)
        y_t = (z_t / self.tau).softmax(dim=1)
        inter_loss = self.tau**2 * inter_class_relation(y_s, y_t)
        intra_loss = self.tau**2 * intra_class_relation(y_s, y_t)
        kd_loss = self.beta * inter_loss + self.gamma * intra_loss
        return kd_loss


# ---------------------------------------------------------------------------
# TTM (Zheng & Yang, ICLR 2024).
# Source: github.com/zkxufo/TTM  distiller_zoo/ttm.py
#   commit fe457b33a71ba27536ec04fe3d32c5b04963522f. Verbatim.
# ---------------------------------------------------------------------------
class TTM(nn.Module):
    def __init__(self, l):
        super().__init__()
        self.l = l

    def forward(self, y_s, y_t):
        p_s = F.log_softmax(y_s, dim=1)
        p_t = torch.pow(torch.softmax(y_t, dim=1), self.l)
        norm = torch.sum(p_t, dim=1)
        p_t = p_t / norm.unsqueeze(1)
        KL = torch.sum(F.kl_div(p_s, p_t, reduction='none'), dim=1)
        loss = torch.mean(KL)

        return loss


# ---------------------------------------------------------------------------
# WTTM (Zheng & Yang, ICLR 2024).
# Source: github.com/zkxufo/TTM  distiller_zoo/wttm.py
#   commit fe457b33a71ba27536ec04fe3d32c5b04963522f. Verbatim.
# ---------------------------------------------------------------------------
class WTTM(nn.Module):
    def __init__(self, l):
        super().__init__()
        self.l = l

    def forward(self, y_s, y_t):
        p_s = F.log_softmax(y_s, dim=1)
        p_t = torch.pow(torch.softmax(y_t, dim=1), self.l)
        norm = torch.sum(p_t, dim=1)
        p_t = p_t / norm.unsqueeze(1)
        KL = torch.sum(F.kl_div(p_s, p_t, reduction='none'), dim=1)
        loss = torch.mean(norm*KL)

        return loss


# ---------------------------------------------------------------------------
# NKD (Yang et al., ICCV 2023).
# Source: github.com/yzd-v/cls_KD  mmcls/models/dis_losses/nkd.py
#   commit 1e5d48f36957ee460d39d7ebc592c6cc7f8f3d66 (last change to the file:
#   9466b3f "Update nkd.py"). The class body is verbatim; only the
#   `from mmcls.registry import MODELS` import is replaced by the no-op stub
#   below so the file runs without mmcls.
# ---------------------------------------------------------------------------
class _Registry:  # stub for mmcls.registry.MODELS
    @staticmethod
    def register_module():
        return lambda cls: cls


MODELS = _Registry()


@MODELS.register_module()
class NKDLoss(nn.Module):

    """ PyTorch version of NKD """

    def __init__(self,
                 name,
                 use_this,
                 temp=1.0,
                 gamma=1.5,
                 ):
        super(NKDLoss, self).__init__()

        self.temp = temp
        self.gamma = gamma
        self.log_softmax = nn.LogSoftmax(dim=1)

    def forward(self, logit_s, logit_t, gt_label):
        
        if len(gt_label.size()) > 1:
            label = torch.max(gt_label, dim=1, keepdim=True)[1]
        else:
            label = gt_label.view(len(gt_label), 1)

        # N*class
        N, c = logit_s.shape
        s_i = self.log_softmax(logit_s)
        t_i = F.softmax(logit_t, dim=1)
        # N*1
        s_t = torch.gather(s_i, 1, label)
        t_t = torch.gather(t_i, 1, label).detach()

        loss_t = - (t_t * s_t).mean()

        mask = torch.ones_like(logit_s).scatter_(1, label, 0).bool()
        logit_s = logit_s[mask].reshape(N, -1)
        logit_t = logit_t[mask].reshape(N, -1)
        
        # N*class
        S_i = self.log_softmax(logit_s/self.temp)
        T_i = F.softmax(logit_t/self.temp, dim=1)     

        loss_non =  (T_i * S_i).sum(dim=1).mean()
        loss_non = - self.gamma * (self.temp**2) * loss_non

        return loss_t + loss_non 


# ---------------------------------------------------------------------------
# Golden case: 3 samples x 4 classes.
# ---------------------------------------------------------------------------
ZS = [[1, 2, 0.5, -1], [-1, 0, 3, 0.5], [0.2, -0.3, 0.1, 2.2]]
ZT = [[0.5, 3, -1, 0], [0, -2, 4, 1], [1.5, 0.2, -0.5, 1]]
Y = [1, 2, 3]
T = 2.0


def zs_leaf():
    return torch.tensor(ZS, dtype=torch.float64, requires_grad=True)


def zt():
    return torch.tensor(ZT, dtype=torch.float64)


def y():
    return torch.tensor(Y, dtype=torch.long)


def value_and_grad(fn):
    zs = zs_leaf()
    loss = fn(zs)
    loss.backward()
    return float(loss.item()), zs.grad.tolist()


def main():
    out = {}

    with torch.no_grad():
        p_s = torch.softmax(zs_leaf() / T, dim=1)
        p_t = torch.softmax(zt() / T, dim=1)
        out["dist_inter"] = float(inter_class_relation(p_s, p_t).item())
        out["dist_intra"] = float(intra_class_relation(p_s, p_t).item())

    dist_T2, g_dist = value_and_grad(lambda zs: DIST(beta=1.0, gamma=1.0, tau=T)(zs, zt()))
    out["dist_T2"] = dist_T2

    ttm, g_ttm = value_and_grad(lambda zs: TTM(l=1.0 / T)(zs, zt()))
    wttm, g_wttm = value_and_grad(lambda zs: WTTM(l=1.0 / T)(zs, zt()))
    out["ttm"] = ttm
    out["wttm"] = wttm

    nkd_mod = NKDLoss(name="loss_nkd", use_this=True, temp=T, gamma=1.5)
    nkd, g_nkd = value_and_grad(lambda zs: nkd_mod(zs, zt(), y()))
    out["nkd"] = nkd

    # Split of the NKD output into its two terms, following the same lines of
    # the authors' forward (loss_t and loss_non), on the same inputs.
    with torch.no_grad():
        logit_s, logit_t = zs_leaf(), zt()
        label = y().view(len(Y), 1)
        N, c = logit_s.shape
        s_t = torch.gather(F.log_softmax(logit_s, dim=1), 1, label)
        t_t = torch.gather(F.softmax(logit_t, dim=1), 1, label)
        loss_t = - (t_t * s_t).mean()
        mask = torch.ones_like(logit_s).scatter_(1, label, 0).bool()
        S_i = F.log_softmax(logit_s[mask].reshape(N, -1) / T, dim=1)
        T_i = F.softmax(logit_t[mask].reshape(N, -1) / T, dim=1)
        loss_non = - 1.5 * (T**2) * (T_i * S_i).sum(dim=1).mean()
        out["nkd_target"] = float(loss_t.item())
        out["nkd_nontarget"] = float(loss_non.item())
        assert abs(out["nkd_target"] + out["nkd_nontarget"] - nkd) < 1e-12

        out["ce"] = float(F.cross_entropy(zs_leaf(), y()).item())

    out["grad_dist_T2"] = g_dist
    out["grad_ttm"] = g_ttm
    out["grad_wttm"] = g_wttm
    out["grad_nkd"] = g_nkd

    out["_meta"] = {
        "zs": ZS, "zt": ZT, "y": Y, "T": T,
        "dist": "beta=1, gamma=1, tau=2; dist_inter/dist_intra have no tau^2 factor",
        "ttm_wttm": "l = 1/T = 0.5",
        "nkd": "temp=2, gamma=1.5",
        "torch": torch.__version__,
    }

    # json.dumps uses float.__repr__, i.e. shortest round-trip repr (full precision).
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
