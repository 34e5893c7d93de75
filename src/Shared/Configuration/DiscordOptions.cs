using System.ComponentModel.DataAnnotations;

namespace DreamBot.Shared.Configuration;

public sealed class DiscordOptions : IValidatableObject
{
    public const string Section = "Discord";

    [Required(ErrorMessage = "is required (the Application ID from the developer portal)")]
    [RegularExpression(@"^\d{17,20}$", ErrorMessage = "must be the application's numeric snowflake id")]
    public string ApplicationId { get; set; } = "";

    [Required(ErrorMessage = "is required (set Discord__BotToken in the environment)")]
    public string BotToken { get; set; } = "";

    /// <summary>Hex-encoded Ed25519 public key from the developer portal; needed in Http mode.</summary>
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "must be 64 hex characters (the application's public key)")]
    public string? PublicKey { get; set; }

    [Required(ErrorMessage = "is required"), Url(ErrorMessage = "must be an absolute http(s) URL")]
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    public DiscordMode Mode { get; set; } = DiscordMode.Gateway;

    [RegularExpression(@"^\d{17,20}$", ErrorMessage = "must be a numeric snowflake id")]
    public string? DevGuildId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == DiscordMode.Http && string.IsNullOrWhiteSpace(PublicKey))
            yield return new ValidationResult("is required when Discord:Mode is Http (interactions are signed with it)", [nameof(PublicKey)]);
    }
}
