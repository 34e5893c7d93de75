namespace DreamBot.Shared.Domain;

/// <summary>Where Pan extends the canvas.</summary>
public enum PanDirection
{
    Left,
    Right,
    Up,
    Down,
}
