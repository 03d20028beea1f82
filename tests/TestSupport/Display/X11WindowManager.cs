using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VhostGpu.TestSupport.Display;

/// <summary>
/// Plays a window manager's part for tests: asks a window to close the way a user's click on
/// its close button does, with a WM_PROTOCOLS / WM_DELETE_WINDOW client message (ICCCM 4.2.8.1).
/// Xvfb has no window manager of its own.
/// </summary>
public static partial class X11WindowManager
{
    private const string Library = "libX11.so.6";
    private const int ClientMessage = 33;
    private const int EventSize = 192;

    /// <summary>Sends WM_DELETE_WINDOW to <paramref name="window"/> on <paramref name="display"/>; false when the display or window cannot be reached.</summary>
    public static bool RequestClose(string display, ulong window)
    {
        nint connection = XOpenDisplay(display);
        if (connection == 0)
        {
            return false;
        }
        try
        {
            ulong protocols = XInternAtom(connection, "WM_PROTOCOLS", 0);
            ulong deleteWindow = XInternAtom(connection, "WM_DELETE_WINDOW", 0);
            // XClientMessageEvent on LP64: type@0, serial@8, send_event@16, display@24, window@32,
            // message_type@40, format@48, data.l[5]@56.
            var message = new byte[EventSize];
            BinaryPrimitives.WriteInt32LittleEndian(message, ClientMessage);
            BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(32), window);
            BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(40), protocols);
            BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(48), 32);
            BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(56), deleteWindow);
            bool sent = XSendEvent(connection, window, 0, 0, message) != 0;
            XFlush(connection);
            return sent;
        }
        finally
        {
            XCloseDisplay(connection);
        }
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint XOpenDisplay(string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial ulong XInternAtom(nint display, string name, int onlyIfExists);

    [LibraryImport(Library)]
    private static partial int XSendEvent(nint display, ulong window, int propagate, long eventMask, byte[] eventSend);

    [LibraryImport(Library)]
    private static partial int XFlush(nint display);

    [LibraryImport(Library)]
    private static partial int XCloseDisplay(nint display);
}
