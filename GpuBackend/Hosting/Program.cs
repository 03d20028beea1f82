namespace VhostGpu.Hosting;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("vhost-user-gpu: the daemon's command line is being assembled (see Hosting/)");
        return 1;
    }
}
