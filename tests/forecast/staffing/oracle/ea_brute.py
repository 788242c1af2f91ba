# brute-force oracle: truncated chain + hypoexponential partial fractions in high precision
from mpmath import mp, mpf, exp, fsum
mp.dps=80
def erlangA_brute(lam,mu,th,n,t,K=160):
    w=[mpf(1)]
    for j in range(1,n+1): w.append(w[-1]*lam/(j*mu))
    for k in range(1,K): w.append(w[-1]*lam/(n*mu+k*th))
    Z=fsum(w); p=[x/Z for x in w]
    PW=fsum(p[n:])
    ans_within=fsum(p[:n]); served=fsum(p[:n]); wsum=mpf(0); PVgt=mpf(0)
    for k in range(K-n):
        r=[n*mu+i*th for i in range(k+1)]
        c=[]
        for i in range(k+1):
            ci=mpf(1)
            for j in range(k+1):
                if j!=i: ci*=r[j]/(r[j]-r[i])
            c.append(ci)
        # served within t: int_0^t sum c_i r_i e^{-(r_i+th)v} dv
        sw=fsum(c[i]*r[i]/(r[i]+th)*(1-exp(-(r[i]+th)*t)) for i in range(k+1))
        sv=fsum(c[i]*r[i]/(r[i]+th) for i in range(k+1))
        ew=fsum(c[i]*r[i]/(r[i]+th)**2 for i in range(k+1))
        vgt=fsum(c[i]*exp(-r[i]*t) for i in range(k+1))
        ans_within+=p[n+k]*sw; served+=p[n+k]*sv; wsum+=p[n+k]*ew; PVgt+=p[n+k]*vgt
    EQ=fsum(k*p[n+k] for k in range(K-n))
    return dict(PW=PW,Pab=1-served,occ=lam*(served)/(n*mu),SL=ans_within,asaServed=wsum/served,meanWait=EQ/lam,PVgt=PVgt, little=th*EQ/lam)
if __name__=='__main__':
    r=erlangA_brute(mpf(100)/30,mpf(1)/3,mpf(1)/5,14,mpf(20)/60)
    for k,v in r.items(): print(k, mp.nstr(v,15))
