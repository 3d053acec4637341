"""Multinomial logistic regression: classification in numpy, fitting with scipy.

Inputs are a sparse block (TF-IDF) plus an optional dense block (sentence embeddings).
Objective: sum of cross-entropies + ||W||^2 / (2C), intercept not penalised
(the same objective as scikit-learn's LogisticRegression(C=C)).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from src.triage.runtime.features import CsrRows

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]
# Correction pairs L-BFGS keeps: its memory is about (2 x this + 5) copies of the weights.
LBFGS_MEMORY = 10
# Stop when an iteration lowers the objective by less than this fraction of it.
LBFGS_FTOL = 1e-7


@dataclass(slots=True)
class LinearModel:
    classes: tuple[str, ...]
    w_sparse: np.ndarray  # (n_sparse, k)
    w_dense: np.ndarray  # (n_dense, k)
    bias: np.ndarray  # (k,)

    def scores_one(self, idx: np.ndarray, val: np.ndarray, dense: np.ndarray | None) -> np.ndarray:
        logits = self.bias + val @ self.w_sparse[idx]
        if dense is not None and self.w_dense.size:
            logits = logits + dense @ self.w_dense
        return softmax(logits[None, :])[0]

    def scores(self, sparse: CsrRows, dense: np.ndarray | None) -> np.ndarray:
        logits = sparse.matmul(self.w_sparse) + self.bias
        if dense is not None and self.w_dense.size:
            logits += dense @ self.w_dense
        return softmax(logits)


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def fit_softmax(
    sparse: CsrRows,
    dense: np.ndarray | None,
    rotulos: Sequence[str],
    c: float = 50.0,
    max_iter: int = 300,
) -> LinearModel:
    """The weights that minimise the objective above, by scipy's L-BFGS-B (Wolfe line search,
    compiled) over scipy.sparse products. Only fitting needs scipy: it is imported here, so a
    process that only classifies never loads it."""
    from scipy import sparse as sp

    classes = tuple(sorted(set(rotulos)))
    y = np.searchsorted(np.asarray(classes), np.asarray(rotulos))
    dense = dense if dense is not None else np.zeros((sparse.n_rows, 0), np.float32)
    dense = dense.astype(np.float32, copy=False)
    matrix = sp.csr_matrix(
        (sparse.data, sparse.indices, sparse.indptr), shape=(sparse.n_rows, sparse.n_cols)
    )
    shapes = ((sparse.n_cols, len(classes)), (dense.shape[1], len(classes)), (len(classes),))
    objective = _objective(matrix, matrix.T.tocsr(), dense, y, shapes, c)
    theta = lbfgs(objective, np.zeros(sum(int(np.prod(s)) for s in shapes)), max_iter)
    w_sparse, w_dense, bias = _unpack(theta.astype(np.float32), shapes)
    return LinearModel(classes, w_sparse, w_dense, bias)


def _unpack(theta: np.ndarray, shapes) -> list[np.ndarray]:
    parts, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        parts.append(theta[start : start + size].reshape(shape))
        start += size
    return parts


def _objective(matrix, matrix_t, dense, y, shapes, c: float) -> Objective:
    n, k = matrix.shape[0], shapes[2][0]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0

    def evaluate(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w_s, w_d, b = _unpack(theta, shapes)
        # float32 for the big products (memory bound); float64 for the optimiser state
        logits = matrix @ w_s.astype(np.float32) + dense @ w_d.astype(np.float32)
        logits = logits.astype(np.float64) + b
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(shifted).sum(axis=1))
        loss = float((log_norm - shifted[np.arange(n), y]).sum())
        residual = np.exp(shifted - log_norm[:, None]) - onehot
        residual32 = residual.astype(np.float32)
        reg = (theta[:-k] @ theta[:-k]) / (2 * c)
        grads = (
            matrix_t @ residual32 + w_s / c,
            dense.T @ residual32 + w_d / c,
            residual.sum(0),
        )
        return loss + reg, np.concatenate([g.ravel() for g in grads])

    return evaluate


def lbfgs(
    f: Objective,
    x: np.ndarray,
    max_iter: int,
    memory: int = LBFGS_MEMORY,
    tol: float = 1e-5,
    ftol: float = LBFGS_FTOL,
):
    """Plain L-BFGS with a backtracking Armijo line search (the problem is smooth and convex)."""
    value, grad = f(x)
    s_hist: list[np.ndarray] = []
    y_hist: list[np.ndarray] = []
    for _ in range(max_iter):
        if np.abs(grad).max() < tol:
            break
        direction = -_two_loop(grad, s_hist, y_hist)
        step, new_x, new_value, new_grad = _line_search(f, x, value, grad, direction)
        if step == 0.0:
            break
        s, yv = new_x - x, new_grad - grad
        if s @ yv > 1e-10:
            s_hist.append(s)
            y_hist.append(yv)
            if len(s_hist) > memory:
                s_hist.pop(0)
                y_hist.pop(0)
        converged = abs(value - new_value) <= ftol * max(1.0, abs(value))
        x, value, grad = new_x, new_value, new_grad
        if converged:
            break
    return x


def _two_loop(grad: np.ndarray, s_hist, y_hist) -> np.ndarray:
    if not s_hist:
        return grad / max(float(np.linalg.norm(grad)), 1.0)
    rho = [1.0 / (s @ y) for s, y in zip(s_hist, y_hist, strict=True)]
    q, tmp = grad.copy(), np.empty_like(grad)
    alphas = [0.0] * len(s_hist)
    for i in range(len(s_hist) - 1, -1, -1):
        alphas[i] = rho[i] * (s_hist[i] @ q)
        q -= np.multiply(y_hist[i], alphas[i], out=tmp)
    q *= 1.0 / (rho[-1] * (y_hist[-1] @ y_hist[-1]))
    for i in range(len(s_hist)):
        beta = rho[i] * (y_hist[i] @ q)
        q += np.multiply(s_hist[i], alphas[i] - beta, out=tmp)
    return q


def _line_search(f: Objective, x, value, grad, direction, c1: float = 1e-4):
    slope = grad @ direction
    if slope >= 0:  # not a descent direction: restart along the gradient
        direction, slope = -grad, -(grad @ grad)
    step = 1.0
    for _ in range(30):
        new_x = x + step * direction
        new_value, new_grad = f(new_x)
        if new_value <= value + c1 * step * slope:
            return step, new_x, new_value, new_grad
        step *= 0.5
    return 0.0, x, value, grad
