using System.ComponentModel.DataAnnotations;

namespace DreamBot.Bot.Admin;

/// <summary>The admin dashboard is off (and /admin answers 404) unless a token is configured.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    [MinLength(24, ErrorMessage = "must be at least 24 characters (set Admin__Token in the environment)")]
    public string? Token { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Token);
}
