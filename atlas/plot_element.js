// Incident Atlas: a plotly chart drawn in the page (atlas/plot_element.py). The element is keyed,
// so its <div> stays between runs and a new figure is drawn once, in place, with Plotly.react.
// The config handed to plotly never changes (a changed config makes plotly draw twice); the image
// options, whose file name names the filter, are read from the plot when the button is clicked.
let plotlyReady = null;
let downloadButton = null;

function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyReady) {
    plotlyReady = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error(`${src} did not define Plotly`)));
      script.onerror = () => { plotlyReady = null; reject(new Error(`cannot load ${src}`)); };
      document.head.appendChild(script);
    });
  }
  return plotlyReady;
}

function plotConfig(Plotly, config) {
  if (!downloadButton) {
    downloadButton = {
      name: "atlasDownload", title: "Download the chart as an image", icon: Plotly.Icons.camera,
      click: (gd) => Plotly.downloadImage(gd, gd.atlasImage || { format: "png" }),
    };
  }
  const { toImageButtonOptions, modeBarButtonsToRemove = [], ...rest } = config;
  return { ...rest, responsive: true, showSendToCloud: false,
           modeBarButtonsToRemove: [...modeBarButtonsToRemove, "toImage", "sendChartToCloud"],
           modeBarButtonsToAdd: [downloadButton] };
}

export default function (component) {
  const { data, parentElement } = component;
  let plot = parentElement.querySelector(":scope > .atlas-chart");
  if (!plot) {
    plot = document.createElement("div");
    plot.className = "atlas-chart";
    plot.setAttribute("data-testid", "atlasChart");
    plot.setAttribute("role", "figure");
    plot.dataset.atlasDraws = "0";
    parentElement.appendChild(plot);
  }
  plot.setAttribute("aria-label", data.label || "Chart");
  plot.atlasImage = (data.config || {}).toImageButtonOptions;
  const spec = data.figure;
  plot.atlasWanted = spec;
  loadPlotly(data.plotly).then((Plotly) => {
    // a newer figure may have come while plotly.js was loading: draw only the newest, once
    if (plot.atlasWanted !== spec || plot.atlasDrawn === spec) return undefined;
    plot.atlasDrawn = spec;
    const figure = JSON.parse(spec);
    return Plotly.react(plot, figure.data, figure.layout, plotConfig(Plotly, data.config || {})).then(() => {
      plot.dataset.atlasDraws = String(Number(plot.dataset.atlasDraws) + 1);
    });
  }).catch((err) => {
    plot.textContent = `The chart could not be drawn: ${err && err.message ? err.message : err}`;
  });
  return () => { if (window.Plotly) window.Plotly.purge(plot); };
}
