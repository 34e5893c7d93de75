namespace DreamBot.Shared.Configuration;

public enum ExecutionDevice
{
    Auto,
    Cuda,
    Cpu,
}
