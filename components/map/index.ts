// The map's building blocks: the offline base map drawn from shipped atlas data, service groups'
// territories, and labelled, focusable markers. Client components (react-leaflet).
export { OfflineBaseMap, COUNTY_ZOOM } from './base-map';
export { TerritoryLayer } from './territory-layer';
export { LabelledMarker } from './labelled-marker';
export { groupTerritories, insideTerritory, type Territory, type TerritoryGroup, type LocatedEngineer } from './territories';
export { placeLabels, labelAnchors, LABEL_ZOOMS, type LabelAnchor } from './labels';
