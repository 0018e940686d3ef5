using Microsoft.Extensions.Localization;
using Tandem.Core.Groups;

namespace Tandem.Web.Pages;

/// <summary>How a support group or a workshop is named on a page: a workshop by its catalogue theme, unless it was given a title of its own.</summary>
public static class GroupText
{
    public static string Title(GroupActivityView activity, IStringLocalizer l) => Title(activity.Kind, activity.Title, activity.Theme, l);

    public static string Title(ActivityKind kind, string title, string? theme, IStringLocalizer l) =>
        kind == ActivityKind.Workshop && theme is not null && title == theme ? l["Workshop.Theme." + theme] : title;
}
