namespace DreamBot.Shared.Data;

/// <summary>
/// The ratings that count. A requester's score of their own image is kept (their rating shows it back to them) but
/// counts nowhere: not in a mean, not in the dataset's ratings or <c>--min-ratings</c>, not in the longer retention of
/// rated images, not in /stats.
/// </summary>
public static class CountedRatings
{
    // A query of its own rather than a condition: EF inlines it where a query names it, in subqueries too.
    public static IQueryable<Rating> Counted(this DreamBotDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Ratings.Where(r => !r.Own);
    }
}
