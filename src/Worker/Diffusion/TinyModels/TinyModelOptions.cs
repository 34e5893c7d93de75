namespace DreamBot.Worker.Diffusion.TinyModels;

/// <summary>Which variant of the tiny random-weight model folder to write.</summary>
public sealed record TinyModelOptions(
    bool Float16 = false,
    bool FloatTimestep = false,
    bool SafetyChecker = false,
    bool VaeEncoder = true,
    bool Int64InputIds = false,
    int Seed = 1);
