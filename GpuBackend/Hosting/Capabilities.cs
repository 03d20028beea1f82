namespace VhostGpu.Hosting;

/// <summary>
/// --print-capabilities: the JSON object of QEMU's vhost-user.json schema for a "gpu" back-end.
/// Only features that really work are listed: no "virgl" (2D only) and no "render-node" (2D does
/// not render on a GPU node, so naming one changes nothing).
/// </summary>
public static class Capabilities
{
    public const string Json = """
        {
          "type": "gpu",
          "features": []
        }
        """;
}
