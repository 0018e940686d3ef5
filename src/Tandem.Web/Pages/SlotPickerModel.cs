using Tandem.Core.Scheduling;

namespace Tandem.Web.Pages;

/// <summary>What the slot picker shows: offered slots, and where the chosen one is posted.</summary>
public sealed record SlotPickerModel(IReadOnlyList<SlotView> Slots, string Action, string KnownAction, bool AsksCallback = false);
