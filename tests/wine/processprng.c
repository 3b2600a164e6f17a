/* A stand-in for Windows' bcryptprimitives.dll, for running Rust test
 * programs under Wine 8 (Debian 12): Rust's std (>= 1.78) imports
 * ProcessPrng from it, which Wine 8 lacks, so every Rust .exe fails to load.
 * Forwards to RtlGenRandom (advapi32!SystemFunction036). Test-only. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
