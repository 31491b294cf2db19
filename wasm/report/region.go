package report

import (
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/table"
)

// RegionID is the element of the regional coordinator's view (/lan/).
const RegionID = "region-view"

// RegionURL is a region's view of the round's indicators (api.RegionIndicators).
func RegionURL(round, region string) string {
	return IndicatorsURL(round) + "/region/" + Escape(region)
}

// SharingURL is a county's sharing with its regional coordinator (api.Sharing).
func SharingURL(round, county string) string {
	return "/api/rounds/" + Escape(round) + "/sharing/" + Escape(county)
}

// RegionView is the regional coordinator's view (issue 16): one row per
// indicator with the region's and each county's share as published, and,
// for an indicator marked regional, the municipalities not meeting it of
// each county that shares its lists, named in a <details>.
func RegionView(v api.RegionIndicators, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h2 id="region-h" tabindex="-1">%s</h2><p class="help">%s</p>`, i18n.Fill(s.RegTitle, v.Name), s.RegIntro)
	var sharing []string
	for _, c := range v.Counties {
		if c.Shared {
			sharing = append(sharing, c.Name)
		}
	}
	if len(sharing) == 0 {
		w.F(`<p class="region-shared">%s</p>`, s.RegSharedNone)
	} else {
		w.F(`<p class="region-shared">%s</p>`, i18n.Fill(s.RegShared, i18n.List(lang, sharing)))
	}
	if len(v.Indicators) == 0 {
		return w.HTML()
	}
	pending := false
	for _, ind := range v.Indicators {
		pending = pending || ind.Pending
	}
	if pending {
		w.F(`<p class="help ind-pending">%s</p>`, s.RegPending)
	}
	w.F(`<div class="scroll" role="region" aria-labelledby="region-cap" tabindex="0">%s<table class="figures sortable region-table"><caption id="region-cap">%s</caption><thead><tr>%s%s`,
		table.Hint(lang), i18n.Fill(s.IndCaption, v.Name),
		table.Header("indicator", markup.Esc(s.IndColIndicator), false, false, ""),
		table.Header("region", markup.Esc(s.RegColRegion), false, false, ""))
	for _, c := range v.Counties {
		w.F(`%s`, table.Header("c"+c.County, markup.Esc(c.Name), false, false, ""))
	}
	w.F(`<th scope="col">%s</th></tr></thead><tbody>`, s.IndColNotMet)
	for _, ind := range v.Indicators {
		w.F(`<tr data-indicator="%s"><th scope="row">%s</th>%s`, ind.ID, ind.Title.In(lang), figureOrNone(s, lang, ind.Region, true, ind.Pending))
		for i := range v.Counties {
			f, found := api.IndicatorFigure{}, i < len(ind.Counties)
			if found {
				f = ind.Counties[i]
			}
			w.F(`%s`, figureOrNone(s, lang, f, found, ind.Pending))
		}
		w.F(`%s</tr>`, regionListsCell(s, lang, v.Counties, ind))
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}

// regionListsCell is the lists of one indicator: a <details> per sharing
// county, or why there are none.
func regionListsCell(s *i18n.Strings, lang string, counties []api.RegionCounty, ind api.RegionIndicator) markup.HTML {
	var w markup.Writer
	switch {
	case !ind.Regional:
		w.F(`<td>–</td>`)
		return w.HTML()
	case ind.Pending:
		w.F(`<td>%s</td>`, s.IndPendingShort)
		return w.HTML()
	case ind.Withheld:
		w.F(`<td>%s</td>`, s.RegWithheld)
		return w.HTML()
	case len(ind.NotMet) == 0:
		w.F(`<td>%s</td>`, s.RegNoLists)
		return w.HTML()
	}
	w.F(`<td>`)
	for _, c := range counties {
		list, ok := ind.NotMet[c.County]
		if !ok {
			continue
		}
		names, count := notMet(s, list)
		if len(list) == 0 {
			w.F(`<p>%s: %s</p>`, c.Name, s.RegNoneNotMet)
			continue
		}
		w.F(`<details><summary>%s: %s</summary>%s</details>`, c.Name, count, i18n.List(lang, names))
	}
	w.F(`</td>`)
	return w.HTML()
}

// SharingControl is the county lead's switch (issue 16): whether the
// county's lists of the regional indicators go to its regional coordinator.
func SharingControl(sh api.Sharing, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	checked := ""
	if sh.Shared {
		checked = " checked"
	}
	w.F(`<div class="field sharing"><input type="checkbox" id="share-region" data-share="%s"%s aria-describedby="share-help"> <label for="share-region">%s</label>`,
		sh.County, checked, i18n.Fill(s.ShareLabel, sh.Region))
	w.F(`<p id="share-help" class="help">%s</p></div>`, s.ShareHelp)
	return w.HTML()
}
