namespace DreamBot.ModelBuilder.FullSize;

/// <summary>One CLIP text transformer's name and sizes (MLP 4x wide).</summary>
internal sealed record ClipText(string Name, int Width, int Layers, int Heads, bool QuickGelu, bool Projection, bool HiddenStates);
