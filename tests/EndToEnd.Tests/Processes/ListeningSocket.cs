using System.Globalization;

namespace VhostGpu.EndToEnd.Processes;

/// <summary>
/// Whether some process listens on a unix socket path, read from /proc/net/unix rather than by
/// connecting: the reference back-end accepts exactly one connection, which must be QEMU's.
/// </summary>
public static class ListeningSocket
{
    // __SO_ACCEPTCON in the Flags column marks a listening socket.
    private const int AcceptConnections = 0x10000;

    public static bool Exists(string path)
    {
        foreach (string line in File.ReadLines("/proc/net/unix").Skip(1))
        {
            // Num RefCount Protocol Flags Type St Inode Path
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 8 && fields[7] == path &&
                int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int flags) &&
                (flags & AcceptConnections) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
