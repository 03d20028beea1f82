using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VhostGpu.EndToEnd.Qemu;

/// <summary>
/// QEMU Machine Protocol over a connected socket: one JSON object per line. Commands are answered
/// in order by "return" or "error"; asynchronous events may come in between and are kept.
/// </summary>
public sealed class QmpClient : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private readonly List<string> _events = [];

    private QmpClient(Socket socket)
    {
        _socket = socket;
        NetworkStream stream = new(socket, ownsSocket: false);
        _reader = new StreamReader(stream, Encoding.UTF8);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    /// <summary>Names of the events QEMU sent so far (STOP, RESUME, RESET, ...).</summary>
    public IReadOnlyList<string> Events => _events;

    /// <summary>Reads QEMU's greeting and leaves capabilities negotiation mode.</summary>
    public static async Task<QmpClient> ConnectAsync(Socket socket)
    {
        QmpClient client = new(socket);
        JsonObject greeting = await client.ReadMessageAsync();
        if (!greeting.ContainsKey("QMP"))
        {
            throw new QmpException($"unexpected greeting {greeting.ToJsonString()}");
        }

        await client.ExecuteAsync("qmp_capabilities");
        return client;
    }

    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments = null)
    {
        JsonObject request = new() { ["execute"] = command };
        if (arguments is not null)
        {
            request["arguments"] = arguments;
        }

        await _writer.WriteLineAsync(request.ToJsonString());
        while (true)
        {
            JsonObject message = await ReadMessageAsync();
            if (message.TryGetPropertyValue("event", out JsonNode? name))
            {
                _events.Add(name!.GetValue<string>());
                continue;
            }

            if (message.TryGetPropertyValue("error", out JsonNode? error))
            {
                throw new QmpException($"{command}: {error!["class"]}: {error["desc"]}");
            }

            return message["return"];
        }
    }

    /// <summary>Writes what the console shows now to <paramref name="path"/> as PPM.</summary>
    public Task ScreendumpAsync(string path) =>
        ExecuteAsync("screendump", new JsonObject { ["filename"] = path, ["format"] = "ppm" });

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _socket.Dispose();
    }

    private async Task<JsonObject> ReadMessageAsync()
    {
        using CancellationTokenSource deadline = new(CommandTimeout);
        string? line;
        try
        {
            line = await _reader.ReadLineAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new QmpException($"QEMU sent nothing on QMP for {CommandTimeout.TotalSeconds} s");
        }

        if (line is null)
        {
            throw new QmpException("QEMU closed the QMP connection");
        }

        return JsonNode.Parse(line) as JsonObject ?? throw new QmpException($"not a JSON object: {line}");
    }
}
