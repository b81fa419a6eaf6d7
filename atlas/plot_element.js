// Incident Atlas: a plotly chart drawn in the page (atlas/plot_element.py). The element is keyed,
// so its <div> stays between runs and a new figure is drawn once, in place, with Plotly.react.
// The config handed to plotly never changes (a changed config makes plotly draw twice); the image
// options, whose file name names the filter, are read from the plot when the button is clicked.
// A button of its own shows the chart full screen (Streamlit's own one belongs to st.plotly_chart).
let plotlyReady = null;
// a lazy plot found on screen at a check this often (the first once the page has settled) is drawn without a scroll
const LAZY_SETTLE_MS = 3000;
let buttons = null;

// four corner brackets, in a 24 x 24 box
const FULL_SCREEN_ICON = { width: 24, height: 24, path: "M3 3h7v2H5v5H3zM14 3h7v7h-2V5h-5zM3 14h2v5h5v2H3zM19 14h2v7h-7v-2h5z" };

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

function isFullScreen(plot) {
  return document.fullscreenElement === plot;
}

// the layout with the figure's own size, or the whole screen's while the plot is shown full screen
function sized(layout, plot) {
  return isFullScreen(plot) ? { ...layout, width: window.innerWidth, height: window.innerHeight } : layout;
}

function fitToScreen(plot) {
  if (!window.Plotly || !plot.atlasSize || !plot.layout) return;  // not drawn yet (plotly sets gd.layout)
  window.Plotly.relayout(plot, sized(plot.atlasSize, plot));
}

// one listener for the page: fit the plot that went full screen, and the one that left it
let fullScreenPlot = null;
function watchFullScreen() {
  if (watchFullScreen.on) return;
  watchFullScreen.on = true;
  document.addEventListener("fullscreenchange", () => {
    const shown = document.fullscreenElement;
    const left = fullScreenPlot && fullScreenPlot !== shown ? fullScreenPlot : null;
    fullScreenPlot = shown && shown.classList.contains("atlas-chart") ? shown : null;
    // on the next frame: the plot that left full screen is measured in its place again
    requestAnimationFrame(() => [left, fullScreenPlot].forEach((plot) => plot && fitToScreen(plot)));
  });
}

function plotConfig(Plotly, config) {
  if (!buttons) {
    buttons = [{
      name: "atlasDownload", title: "Download the chart as an image", icon: Plotly.Icons.camera,
      click: (gd) => Plotly.downloadImage(gd, gd.atlasImage || { format: "png" }),
    }, {
      name: "atlasFullScreen", title: "Show the chart full screen (Esc to leave)", icon: FULL_SCREEN_ICON,
      click: (gd) => (isFullScreen(gd) ? document.exitFullscreen() : gd.requestFullscreen()).catch(() => {}),
    }];
  }
  const { toImageButtonOptions, modeBarButtonsToRemove = [], ...rest } = config;
  return { ...rest, responsive: true, showSendToCloud: false,
           modeBarButtonsToRemove: [...modeBarButtonsToRemove, "toImage", "sendChartToCloud"],
           modeBarButtonsToAdd: buttons };
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
    plot.style.background = "#fff";  // full screen: no black backdrop around the figure
    watchFullScreen();
    parentElement.appendChild(plot);
  }
  plot.setAttribute("aria-label", data.label || "Chart");
  plot.atlasImage = (data.config || {}).toImageButtonOptions;
  const spec = data.figure;
  plot.atlasWanted = spec;
  const draw = () => loadPlotly(data.plotly).then((Plotly) => {
    // a newer figure may have come while plotly.js was loading: draw only the newest, once
    if (plot.atlasWanted !== spec || plot.atlasDrawn === spec) return undefined;
    plot.atlasDrawn = spec;
    const figure = JSON.parse(spec);
    // the figure's own size (plotly keeps the layout object handed to it, and relayout changes it)
    plot.atlasSize = { width: figure.layout.width ?? null, height: figure.layout.height ?? null };
    return Plotly.react(plot, figure.data, sized(figure.layout, plot), plotConfig(Plotly, data.config || {})).then(() => {
      plot.style.minHeight = "";
      plot.dataset.atlasDraws = String(Number(plot.dataset.atlasDraws) + 1);
    });
  }).catch((err) => {
    plot.textContent = `The chart could not be drawn: ${err && err.message ? err.message : err}`;
  });
  if (data.lazy && !plot.atlasSeen) {
    // below the fold (the Overview's chart under the map): plotly.js is loaded and the figure drawn
    // only when the plot is on screen after a scroll, or still on screen once the page has settled
    // (while the page is laid out, an element can pass through the screen for a moment: the map's
    // frame starts with no height), so it never competes with what is drawn first
    plot.atlasLazyDraw = draw;  // the newest figure
    if (!plot.atlasWatch) {
      const height = (JSON.parse(spec).layout || {}).height;
      if (height) plot.style.minHeight = `${height}px`;  // its place kept: nothing below moves
      const check = () => {
        const box = plot.getBoundingClientRect();
        if (!plot.isConnected || box.height === 0 || box.top >= window.innerHeight || box.bottom <= 0) return;
        plot.atlasSeen = true;
        plot.atlasWatch();
        plot.atlasLazyDraw();
      };
      const timer = setInterval(check, LAZY_SETTLE_MS);
      document.addEventListener("scroll", check, { capture: true, passive: true });
      window.addEventListener("resize", check, { passive: true });
      plot.atlasWatch = () => {
        clearInterval(timer);
        document.removeEventListener("scroll", check, { capture: true });
        window.removeEventListener("resize", check);
      };
    }
  } else {
    draw();
  }
  return () => {
    if (window.Plotly) window.Plotly.purge(plot);
  };
}
