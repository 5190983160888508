# Two threads take lock_a and lock_b in opposite orders; a barrier makes them deadlock every run.
import faulthandler
import sys
import threading

lock_a = threading.Lock()
lock_b = threading.Lock()
both_hold_one = threading.Barrier(2)


def transfer():
    with lock_a:
        both_hold_one.wait()
        with lock_b:
            pass


def refund():
    with lock_b:
        both_hold_one.wait()
        with lock_a:
            pass


def main():
    # after 2 s all threads' stacks go to stderr and the process exits (the workers never finish)
    faulthandler.dump_traceback_later(2, exit=True, file=sys.stdout)
    workers = [threading.Thread(target=transfer, name="transfer"), threading.Thread(target=refund, name="refund")]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    main()
