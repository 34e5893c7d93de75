using System.Globalization;
using System.Text;

namespace DreamBot.Bot.Admin;

/// <summary>A small line chart drawn as inline SVG on the server: no script and nothing fetched from elsewhere.</summary>
public static class SvgChart
{
    private const int Width = 640;
    private const int Height = 200;
    private const int Pad = 30;
    private static readonly string[] Colors = ["#2563eb", "#dc2626", "#16a34a", "#9333ea"];

    public static string Lines(string title, IReadOnlyList<DateTimeOffset> xs, params (string Name, IReadOnlyList<double?> Ys)[] series)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(series);
        var c = CultureInfo.InvariantCulture;
        var max = series.SelectMany(s => s.Ys).Where(y => y is not null).Select(y => y!.Value).DefaultIfEmpty(0).Max();
        max = max <= 0 ? 1 : max;
        var svg = new StringBuilder();
        svg.Append(c, $"<figure class=\"chart\"><figcaption>{System.Net.WebUtility.HtmlEncode(title)} (max {max:0.#})</figcaption>");
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\">");
        svg.Append(c, $"<line x1=\"{Pad}\" y1=\"{Height - Pad}\" x2=\"{Width - 5}\" y2=\"{Height - Pad}\" stroke=\"#999\"/><line x1=\"{Pad}\" y1=\"5\" x2=\"{Pad}\" y2=\"{Height - Pad}\" stroke=\"#999\"/>");
        for (var s = 0; s < series.Length; s++)
        {
            var points = new StringBuilder();
            var dots = new StringBuilder();
            for (var i = 0; i < xs.Count && i < series[s].Ys.Count; i++)
            {
                if (series[s].Ys[i] is not { } y)
                    continue;
                var px = Pad + (xs.Count == 1 ? 0 : i * (Width - Pad - 10.0) / (xs.Count - 1));
                var py = Height - Pad - y / max * (Height - Pad - 10);
                points.Append(c, $"{px:0.#},{py:0.#} ");
                dots.Append(c, $"<circle class=\"point\" cx=\"{px:0.#}\" cy=\"{py:0.#}\" r=\"2\" fill=\"{Colors[s % Colors.Length]}\"><title>{xs[i]:yyyy-MM-dd HH:mm}: {y:0.##}</title></circle>");
            }
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{Colors[s % Colors.Length]}\" stroke-width=\"1.5\" points=\"{points.ToString().TrimEnd()}\"/>").Append(dots);
            svg.Append(c, $"<text x=\"{Pad + 5 + s * 110}\" y=\"{Height - 8}\" font-size=\"11\" fill=\"{Colors[s % Colors.Length]}\">{System.Net.WebUtility.HtmlEncode(series[s].Name)}</text>");
        }
        return svg.Append("</svg></figure>").ToString();
    }
}
