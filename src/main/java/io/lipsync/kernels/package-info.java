/**
 * Whether libtorch's CPU kernels compute right on this machine, and what to run when they do not. oneDNN
 * (inside libtorch) picks its convolution kernels by CPU and shape, and some of them are wrong on some CPUs:
 * before a command's first model op, {@link io.lipsync.kernels.KernelGuard} checks the kernel families the
 * engine uses against a float64 reference computed without oneDNN, picks the fastest setting that passes,
 * says so in one line and remembers the verdict per CPU, libtorch version and thread count.
 */
package io.lipsync.kernels;
