using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>Vary (strong): the same subject, freely recomposed.</summary>
public sealed class StrongVaryButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue)
    : VaryButton(contexts, queue, ResultButtons.StrongStrength)
{
    public override string CustomIdPrefix => ResultButtons.VaryStrong;
}
