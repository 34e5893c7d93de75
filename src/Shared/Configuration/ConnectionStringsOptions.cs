using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace DreamBot.Shared.Configuration;

public sealed class ConnectionStringsOptions : IValidatableObject
{
    public const string Section = "ConnectionStrings";

    [Required(ErrorMessage = "is required (set ConnectionStrings__Postgres, e.g. Host=localhost;Database=dreambot;Username=dreambot;Password=...)")]
    public string Postgres { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Postgres))
            yield break;
        string? problem = null;
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(Postgres);
            if (string.IsNullOrEmpty(parsed.Host))
                problem = "has no Host";
        }
        catch (ArgumentException)
        {
            problem = "is not a valid PostgreSQL connection string";
        }
        if (problem is not null)
            yield return new ValidationResult(problem, [nameof(Postgres)]);
    }
}
