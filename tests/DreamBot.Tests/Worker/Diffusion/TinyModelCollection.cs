namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>Diffusion tests share one set of generated models and run one after another: each saturates the CPU.</summary>
[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "Tiny Stable Diffusion models";
}
