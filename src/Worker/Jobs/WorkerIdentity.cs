namespace DreamBot.Worker.Jobs;

/// <summary>How this worker process appears in generation records and stats.</summary>
public sealed record WorkerIdentity(string Name)
{
    public static WorkerIdentity ForThisProcess(int deviceId) =>
        new($"{Environment.MachineName}:gpu{deviceId}:{Environment.ProcessId}");
}
