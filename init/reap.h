/* reap.h: the waitpid loop every wakeup of PID 1 runs. */
#ifndef WARD_REAP_H
#define WARD_REAP_H

void reap_all(long long now);

#endif
