namespace DreamBot.Shared.Discord.Messages;

/// <summary>
/// Cuts a message down to <see cref="DiscordLimits"/> just before it is sent, whatever user text it echoes, so a
/// long prompt or a long list shows "…" instead of failing the post.
/// </summary>
public static class MessageFitter
{
    public static MessagePayload Fit(MessagePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload with
        {
            Content = payload.Content is { } content ? DiscordLimits.Truncate(content, DiscordLimits.Content) : null,
            Embeds = payload.Embeds is { } embeds ? FitEmbeds(embeds) : null,
            Components = payload.Components is { } rows ? [.. rows.Take(DiscordLimits.ActionRows).Select(FitRow)] : null,
        };
    }

    private static ActionRow FitRow(ActionRow row) => row with
    {
        Components = [.. row.Components.Take(DiscordLimits.ButtonsPerRow)
            .Select(c => c is Button { Label: { } label } b ? b with { Label = DiscordLimits.Truncate(label, DiscordLimits.ButtonLabel) } : c)],
    };

    // Each part gets at most its own limit and what is left of the shared 6,000; fields that no longer fit are dropped.
    private static List<Embed> FitEmbeds(IReadOnlyList<Embed> embeds)
    {
        var budget = new Budget(DiscordLimits.EmbedTotal);
        return [.. embeds.Take(DiscordLimits.Embeds).Select(embed => embed with
        {
            Title = budget.Take(embed.Title, DiscordLimits.EmbedTitle),
            Description = budget.Take(embed.Description, DiscordLimits.EmbedDescription),
            Fields = embed.Fields is { } fields ? FitFields(fields, budget) : null,
            Footer = embed.Footer is { } footer && budget.Take(footer.Text, DiscordLimits.FooterText) is { } text
                ? footer with { Text = text }
                : null,
        })];
    }

    private static List<EmbedField> FitFields(IReadOnlyList<EmbedField> fields, Budget budget)
    {
        var fitted = new List<EmbedField>();
        foreach (var field in fields.Take(DiscordLimits.EmbedFields))
        {
            // A field needs a name and a value of at least one character each.
            if (budget.Left < 2)
                break;
            var name = budget.Take(field.Name, DiscordLimits.FieldName);
            var value = budget.Take(field.Value, DiscordLimits.FieldValue);
            if (name is null or "" || value is null or "")
                continue;
            fitted.Add(field with { Name = name, Value = value });
        }
        return fitted;
    }

    private sealed class Budget(int left)
    {
        public int Left => left;


        /// <summary>The text cut to its own limit and to what is left, or null when nothing is left for it.</summary>
        public string? Take(string? text, int max)
        {
            if (text is null)
                return null;
            var allowed = Math.Min(max, left);
            if (allowed < 1)
                return null;
            var fitted = DiscordLimits.Truncate(text, allowed);
            left -= fitted.Length;
            return fitted;
        }
    }
}
