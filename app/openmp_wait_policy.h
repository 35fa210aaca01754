#pragma once

// The studio's UI thread shares the cores with the engine's OpenMP threads. With OpenMP's
// default (active) waiting, a worker that the UI thread displaces for a moment leaves the others
// spinning at every barrier: on 2 cores a 3-variant demo ad took 5x longer and its first copy
// token came 4x later (measured: 19 against 123 image tokens/s, 1.5 s against 0.4 s). Passive
// waiting gives the cores back instead. libgomp reads OMP_WAIT_POLICY once, when it is loaded,
// before main() runs, so the only way to set it for this process is to start it again with it.
//
// Call first thing in main(): re-executes the program with OMP_WAIT_POLICY=PASSIVE unless the
// variable is already set (so a user's own choice wins, and it happens at most once). Returns if
// re-executing is not possible; the studio then runs with the default policy.
void ensurePassiveOpenMpWaiting(char* argv[]);
