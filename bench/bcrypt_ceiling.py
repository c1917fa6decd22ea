"""The bcrypt ceiling: password verifications per second this machine does
with every core hashing, through the same library crm-server uses
(libxcrypt's crypt, via Python's crypt module), at a hash's cost.

    bcrypt_ceiling.py HASH PASSWORD SECONDS
Prints: verifications per second.
"""
import multiprocessing
import sys
import time
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # crypt is deprecated in 3.11, and still libxcrypt
    import crypt


def verify_for(hashed, password, seconds, rates):
    began = time.monotonic()
    done = 0
    while time.monotonic() < began + seconds:
        if crypt.crypt(password, hashed) != hashed:
            sys.exit("the password does not match the hash")
        done += 1
    rates.put(done / (time.monotonic() - began))


def main():
    hashed, password, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    rates = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=verify_for, args=(hashed, password, seconds, rates))
               for _ in range(multiprocessing.cpu_count())]
    for worker in workers:
        worker.start()
    total = sum(rates.get() for _ in workers)
    for worker in workers:
        worker.join()
    print(f"{total:.1f}")


main()
