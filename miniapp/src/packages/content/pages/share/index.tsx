import { Button, Canvas, Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { messageFor } from '../../../../api/client';
import { imageSource } from '../../../../components/OfferCard';
import { Failure, Loading } from '../../../../components/StateView';
import { useAction } from '../../../../hooks/useAction';
import { useAsync } from '../../../../hooks/useAsync';
import { useBusinessTime } from '../../../../hooks/useBusinessTime';
import { contentApi, type Collectible } from '../../api';
import { c } from '../../i18n';
import { withPageBar } from '../../../../components/PageBar';
import '../content.css';

const CANVAS_ID = 'collectible-share';
const WIDTH = 300;
const HEIGHT = 440;
/** The text's width: the card less its margins. */
const TEXT_WIDTH = WIDTH - 60;

/** A local path of the artwork: mini-programs draw only downloaded images. */
async function localImage(url: string): Promise<string> {
  try {
    return (await Taro.getImageInfo({ src: url })).path;
  } catch {
    return url;
  }
}

/** What the card shows, drawn by either canvas below. */
interface Painter {
  fill(color: string): void;
  rect(x: number, y: number, width: number, height: number): void;
  text(value: string, x: number, y: number, size: number, bold?: boolean): void;
  /** How wide `value` is drawn at `size`. */
  measure(value: string, size: number): number;
}

/** `value` in lines no wider than `width` at `size`, broken between characters (CJK has no spaces to break at). */
function wrap(painter: Painter, value: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of value) {
    if (line && painter.measure(line + char, size) > width) {
      lines.push(line);
      line = char.trimStart();
    } else line += char;
  }
  return line ? [...lines, line] : lines;
}

/** `obtainedOn`: the day it was obtained, on the business clock. */
function paint(painter: Painter, item: Collectible, obtainedOn: string): void {
  painter.fill('#ffffff');
  painter.text(item.name, 30, WIDTH + 10, 20, true);
  painter.fill('#fde68a');
  painter.text(c.serial(item.serial, item.editionSize), 30, WIDTH + 46, 26, true);
  painter.fill('#a7f3d0');
  painter.text(`${c.obtainedBy[item.obtainedBy] ?? item.obtainedBy} · ${obtainedOn}`, 30, WIDTH + 72, 13);
  // Two lines at most, then the footer below them.
  wrap(painter, c.notTransferable, 11, TEXT_WIDTH)
    .slice(0, 2)
    .forEach((line, index) => painter.text(line, 30, WIDTH + 94 + index * 15, 11));
  painter.text(c.shareFooter, 30, HEIGHT - 14, 13);
}

/** In a browser (H5): a DOM canvas, answered as a PNG data URL. */
async function drawInBrowser(item: Collectible, obtainedOn: string): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * 2;
  canvas.height = HEIGHT * 2;
  const context = canvas.getContext('2d')!;
  context.scale(2, 2);
  context.fillStyle = '#064e3b';
  context.fillRect(0, 0, WIDTH, HEIGHT);
  const artwork = new window.Image();
  artwork.src = imageSource(item.artworkUrl);
  await artwork.decode();
  context.drawImage(artwork, 30, 30, WIDTH - 60, WIDTH - 60);
  paint(
    {
      fill: (color) => (context.fillStyle = color),
      rect: (x, y, width, height) => context.fillRect(x, y, width, height),
      text: (value, x, y, size, bold) => {
        context.font = `${bold ? 'bold ' : ''}${size}px sans-serif`;
        context.fillText(value, x, y, TEXT_WIDTH);
      },
      measure: (value, size) => {
        context.font = `${size}px sans-serif`;
        return context.measureText(value).width;
      },
    },
    item,
    obtainedOn,
  );
  return canvas.toDataURL('image/png');
}

/** In a mini-program: the page's canvas, answered as a temp image file. */
async function drawInMiniProgram(item: Collectible, obtainedOn: string): Promise<string> {
  const context = Taro.createCanvasContext(CANVAS_ID);
  context.setFillStyle('#064e3b');
  context.fillRect(0, 0, WIDTH, HEIGHT);
  context.drawImage(await localImage(imageSource(item.artworkUrl)), 30, 30, WIDTH - 60, WIDTH - 60);
  paint(
    {
      fill: (color) => context.setFillStyle(color),
      rect: (x, y, width, height) => context.fillRect(x, y, width, height),
      text: (value, x, y, size) => {
        context.setFontSize(size);
        context.fillText(value, x, y, TEXT_WIDTH);
      },
      measure: (value, size) => {
        context.setFontSize(size);
        return context.measureText(value).width;
      },
    },
    item,
    obtainedOn,
  );
  await new Promise<void>((resolve) => context.draw(false, () => resolve()));
  const { tempFilePath } = await Taro.canvasToTempFilePath({ canvasId: CANVAS_ID, width: WIDTH, height: HEIGHT, destWidth: WIDTH * 2, destHeight: HEIGHT * 2 });
  return tempFilePath;
}

/** Draws the share card (artwork, name, serial, how obtained, the not-transferable note) and answers it as an image. */
function drawShareImage(item: Collectible, obtainedOn: string): Promise<string> {
  return process.env.TARO_ENV === 'h5' ? drawInBrowser(item, obtainedOn) : drawInMiniProgram(item, obtainedOn);
}

/** Saves the image: to the album in a mini-program, as a download in a browser. */
async function saveImage(path: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const link = document.createElement('a');
    link.href = path;
    link.download = 'collectible.png';
    link.click();
    return;
  }
  await Taro.saveImageToPhotosAlbum({ filePath: path });
}

/** A collectible's share image, rendered with canvas, to save and send. */
function Share() {
  const id = useRouter().params.id ?? '';
  const time = useBusinessTime();
  const item = useAsync(() => contentApi.collectible(id).then((answer) => answer.collectible), [id]);
  const [image, setImage] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (!item.data) return;
    drawShareImage(item.data, time.day(item.data.obtainedAt)).then(setImage, (error: unknown) => setNotice({ kind: 'error', text: messageFor(error) }));
  }, [item.data]);
  const save = useAction(async () => {
    if (!image) return;
    try {
      await saveImage(image);
      setNotice({ kind: 'ok', text: c.saved });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });

  if (!item.data) return item.error ? <Failure message={messageFor(item.error)} onRetry={() => void item.reload()} /> : <Loading />;
  return (
    <View className='content share' data-testid='share'>
      {process.env.TARO_ENV !== 'h5' && <Canvas canvasId={CANVAS_ID} className='share__canvas' style={{ width: `${WIDTH}px`, height: `${HEIGHT}px` }} />}
      {image ? (
        <View className='share__result'>
          <Image className='share__image' src={image} mode='widthFix' showMenuByLongpress data-testid='share-image' />
          <Text className='hint'>{c.saveHint}</Text>
          <Button type='primary' onClick={() => void save.run()} disabled={save.running} data-testid='save-share'>{c.save}</Button>
        </View>
      ) : (
        <Loading text={c.drawing} />
      )}
      <Text className='transfer-note'>{c.notTransferable}</Text>
      {notice && <Text className={`notice notice--${notice.kind}`}>{notice.text}</Text>}
    </View>
  );
}

export default withPageBar(Share);
