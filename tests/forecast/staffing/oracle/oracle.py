# Independent oracle computations for tests/forecast/staffing (mpmath 1.3 + scipy expm).
import json, math
import numpy as np
from mpmath import mp, mpf, fsum, gammainc, loggamma, log, exp, binomial, factorial
from scipy.linalg import expm
mp.dps = 50
out = {}
def erlang_b(n, A):  # direct sum definition
    A = mpf(A)
    terms = [A**k / factorial(k) for k in range(n+1)]
    return terms[-1] / fsum(terms)
def erlang_b_log(n, A):
    A = mpf(A)
    lt = [k*log(A) - loggamma(k+1) for k in range(n+1)]
    m = max(lt)
    s = fsum(exp(x-m) for x in lt)
    return lt[-1] - m - log(s)
def erlang_c(n, A):
    A = mpf(A); b = erlang_b(n, A)
    return n*b/(n - A*(1-b))
out['B_17_10'] = float(erlang_b(17, 10)); out['B_16_10'] = float(erlang_b(16, 10))
out['classic'] = {n: {'C': float(erlang_c(n, 10)), 'SL': float(1 - erlang_c(n,10)*exp(-(n-10)*mpf(20)/180)), 'ASA': float(erlang_c(n,10)*180/(n-10))} for n in range(11, 15)}
A2 = mpf(1000)*120/3600
out['thousand'] = {n: {'SL': float(1 - erlang_c(n,A2)*exp(-(n-A2)*mpf(20)/120)), 'occ': float(A2/n)} for n in (37, 38, 39, 40)}
# large: use log form
def erlang_c_big(n, A):
    lb = erlang_b_log(n, A); b = exp(lb); A = mpf(A)
    return n*b/(n - A*(1-b)), lb
c, lb = erlang_c_big(20000, 19800)
out['big'] = {'logB': float(lb), 'C': float(c), 'SL': float(1 - c*exp(-(20000-19800)*mpf(20)/180))}
out['logB_2000_100'] = float(erlang_b_log(2000, 100))
# required agents at 5000 Erlangs, 80/20, AHT 180 (search)
A5 = 5000
req = None
for n in range(5001, 5200):
    c, _ = erlang_c_big(n, A5)
    if 1 - c*exp(-(n-A5)*mpf(20)/180) >= mpf('0.8'):
        req = n; break
out['req5000'] = req
# incomplete gamma
pts = [(0.5, 0.1), (3, 2), (100, 90), (100, 120), (3401.5, 3333.25), (3401.5, 3500.75), (1e6, 1e6+500)]
out['lnP'] = [[a, x, float(log(gammainc(a, 0, x, regularized=True))), float(log(gammainc(a, x, mp.inf, regularized=True)))] for a, x in pts]
def lnA(x, y):
    x = mpf(x); y = mpf(y)
    return loggamma(x+1) + y - x*log(y) + log(gammainc(x, 0, y, regularized=True))
out['lnA'] = [[x, y, float(lnA(x, y))] for x, y in [(1, 1), (14*5/3, 10*5/3), (3401.5, 3333.25), (3401.5, 3500.75), (20, 200)]]

# Erlang A brute: truncated chain + expm for SL
def erlang_a_brute(lam, mu, th, n, t, K, lower=None, R=None):
    # lower: list of log-weights for states 0..c-1 relative to state c; default Erlang A
    if R is None: R = n*mu
    if lower is None:
        lw = [mpf(0)]*(n+1)
        for j in range(n-1, -1, -1):
            lw[j] = lw[j+1] + log((j+1)*mu/lam)
        lower = lw[:n]
    tail = [mpf(0)]
    for k in range(1, K):
        tail.append(tail[-1] + log(lam/(R + k*th)))
    allw = lower + tail
    m = max(allw)
    w = [exp(x-m) for x in allw]
    Z = fsum(w)
    p = [x/Z for x in w]
    c = len(lower)
    PW = fsum(p[c:])
    EQ = fsum(k*p[c+k] for k in range(K))
    Pab = th*EQ/lam
    # generator over positions 0..K-1 plus served (K) and abandoned (K+1)
    G = np.zeros((K+2, K+2))
    Rf, thf = float(R), float(th)
    for k in range(K):
        if k == 0:
            G[0, K] = Rf
        else:
            G[k, k-1] = Rf + k*thf
        G[k, K+1] = thf
        G[k, k] = -G[k].sum()
    F = expm(G*float(t))
    served_by_t = F[:K, K]
    SL = float(fsum(p[:c])) + float(fsum(p[c+k]*served_by_t[k] for k in range(K)))
    return {'PW': float(PW), 'Pab': float(Pab), 'SL': SL, 'meanWait': float(EQ/lam), 'p': p, 'c': c}
r = erlang_a_brute(mpf(100)/1800, mpf(1)/180, mpf(1)/300, 14, 20, 200)
out['eaPublished'] = {k: r[k] for k in ('PW', 'Pab', 'SL', 'meanWait')}
r = erlang_a_brute(mpf(2100)/180, mpf(1)/180, mpf(1)/300, 2041, 20, 700)
out['eaOverload'] = {k: r[k] for k in ('PW', 'Pab', 'SL', 'meanWait')}
out['eaOverload']['occ'] = float(2100*(1-r['Pab'])/2041)
r = erlang_a_brute(mpf(2000)/180, mpf(1)/180, mpf(1)/300, 2041, 20, 700)
out['eaLarge'] = {k: r[k] for k in ('PW', 'Pab', 'SL', 'meanWait')}
# deep overload: 30 agents for 60 Erlangs, patience 120 s, AHT 300
r = erlang_a_brute(mpf(60)/300, mpf(1)/300, mpf(1)/120, 30, 30, 400)
out['eaDeep'] = {k: r[k] for k in ('PW', 'Pab', 'SL', 'meanWait')}

# chat chain: N agents, AHTs, least-loaded balanced
def chat_brute(lam, N, ahts, th, t, K):
    m = len(ahts); c = N*m
    def d(j):
        q, rr = divmod(j, N)
        v = mpf(0)
        if q > 0: v += (N-rr)*q/mpf(ahts[q-1])
        if rr > 0: v += rr*(q+1)/mpf(ahts[q])
        return v
    lw = [mpf(0)]*(c+1)
    for j in range(c, 0, -1):
        lw[j-1] = lw[j] + log(d(j)/lam)
    R = c/mpf(ahts[-1])
    res = erlang_a_brute(lam, None, th, None, t, K, lower=lw[:c], R=R)
    p = res['p']
    busy = fsum(p[j]*min(j, N) for j in range(c)) + N*fsum(p[c:])
    insvc = fsum(p[j]*j for j in range(c)) + c*fsum(p[c:])
    thr = fsum(p[j]*d(j) for j in range(1, c+1)) + R*fsum(p[c+1:])
    return {'PW': res['PW'], 'Pab': res['Pab'], 'SL': res['SL'], 'occ': float(busy/N), 'slot': float(insvc/c), 'throughputCheck': float(thr/lam)}
out['chat'] = chat_brute(mpf(600)/1800, 45, [300, 390, 480], mpf(1)/120, 30, 300)
out['chatNoPatience'] = chat_brute(mpf(600)/1800, 60, [300, 390, 480], mpf(0), 30, 2000)
print(json.dumps(out, indent=1))
