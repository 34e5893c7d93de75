using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DreamBot.Shared.Configuration;

/// <summary>
/// Validates an options class by its data annotations and reports each failure as one line naming the
/// configuration key ("Discord:BotToken is required"), so an operator knows exactly what to set.
/// </summary>
public sealed class AnnotatedOptionsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;

        var failures = results.Select(r =>
        {
            var member = r.MemberNames.FirstOrDefault();
            var key = member is null ? section : $"{section}:{member}";
            var message = r.ErrorMessage ?? "is invalid";
            // Messages that already name their key are kept as written.
            return message.Contains(key, StringComparison.Ordinal) ? message : $"{key} {message}";
        });
        return ValidateOptionsResult.Fail(failures);
    }
}
