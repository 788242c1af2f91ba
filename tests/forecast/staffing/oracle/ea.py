from mpmath import mp, mpf, gammainc, exp, quad, inf, fsum
mp.dps=30
lam=mpf(100)/30; mu=mpf(1)/3; th=mpf(1)/5; n=14; t=mpf(20)/60
A=lam/mu
# brute chain
K=400
w=[mpf(1)]
for j in range(1,n+1): w.append(w[-1]*lam/(j*mu))
for k in range(1,K): w.append(w[-1]*lam/(n*mu+k*th))
Z=fsum(w); p=[x/Z for x in w]
PW=fsum(p[n:])
x=n*mu/th; y=lam/th
def Pg(a,z): return gammainc(a,0,z,regularized=True)
PVgt=PW*Pg(x,y*exp(-th*t))/Pg(x,y)
Psv_gt=PW*(x/y)*Pg(x+1,y*exp(-th*t))/Pg(x,y)
Psv=1-PW+PW*(x/y)*Pg(x+1,y)/Pg(x,y)
Pab=1-Psv
EQ=fsum(k*p[n+k] for k in range(K-n))
print('PW',PW,'Pab',Pab,'Pab little',th*EQ/lam)
print('occ',A*(1-Pab)/n)
ans_within=Psv-Psv_gt
ab_within = 1 - PW + (PW - PVgt) - ans_within  # P(W<=t) = 1-P(V>t)e^{-th t}
PWgt=PVgt*exp(-th*t)
ab_before=(1-PWgt)-ans_within
print('P(V<=t)',1-PVgt)
print('1-P(W>t)',1-PWgt)
print('answered within t / arrivals',ans_within)
print('answered within t / answered',ans_within/Psv)
print('answered within t/(answered+ab after t)',ans_within/(1-ab_before))
print('ab_before',ab_before)
