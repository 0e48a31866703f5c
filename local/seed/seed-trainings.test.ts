import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishProblems } from '../../api/src/domain/catalogue/publishing';
import { questionsFromSeed, seedMediaDir, trainingFromSeed } from './seed-trainings';
import { demoTrainings, videoBlobName } from './trainings';

function probe(file: string): { duration: number; streams: string[] } {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  const parsed = JSON.parse(out) as {
    format: { duration: string };
    streams: { codec_name: string; width?: number; height?: number }[];
  };
  return {
    duration: Number(parsed.format.duration),
    streams: parsed.streams.map((s) => (s.width ? `${s.codec_name} ${s.width}x${s.height}` : s.codec_name)),
  };
}

describe('demo trainings', () => {
  const now = new Date('2026-11-25T10:00:00Z');

  it('are at least two, offered in French and Dutch, and publishable as seeded', () => {
    expect(demoTrainings.length).toBeGreaterThanOrEqual(2);
    for (const seed of demoTrainings) {
      const questions = questionsFromSeed(seed);
      const training = {
        ...trainingFromSeed(seed, undefined, now),
        bank: { revision: 'seed', version: 1, published: true, questionCount: questions.length },
      };
      expect(training.languages).toEqual(['fr', 'nl']);
      expect(training.status).toBe('published');
      expect(publishProblems(training, questions)).toEqual([]);
    }
    expect(new Set(demoTrainings.map((s) => s.content.completionRule.kind))).toEqual(
      new Set(['watched', 'launch']),
    );
  });

  it('have a bank of 10 questions (twice the 5 drawn) with single and multiple choice, explained in both languages', () => {
    for (const seed of demoTrainings) {
      const questions = questionsFromSeed(seed);
      expect(questions).toHaveLength(10);
      expect(questions.length).toBeGreaterThanOrEqual(2 * seed.content.quiz.questionsPerAttempt);
      expect(new Set(questions.map((q) => q.type))).toEqual(new Set(['single', 'multiple']));
      for (const question of questions) {
        expect(question.explanation?.fr).toBeTruthy();
        expect(question.explanation?.nl).toBeTruthy();
      }
    }
  });

  it('ship a short H.264/AAC 320x180 clip per chapter and language whose real duration is the chapter’s', () => {
    for (const seed of demoTrainings) {
      for (const chapter of seed.content.chapters) {
        for (const language of ['fr', 'nl'] as const) {
          const name = videoBlobName(seed.id, chapter.id, language);
          expect(chapter.video[language]).toBe(name);
          const file = join(seedMediaDir, name);
          expect(existsSync(file), file).toBe(true);
          expect(statSync(file).size).toBeLessThan(100 * 1024);
          const info = probe(file);
          expect(info.streams).toEqual(['h264 320x180', 'aac']);
          expect(info.duration).toBeGreaterThanOrEqual(4);
          expect(info.duration).toBeLessThanOrEqual(8);
          expect(Math.abs(info.duration - chapter.durationSeconds)).toBeLessThan(0.1);
        }
      }
    }
  }, 60_000);

  it('keeps the first publication date when re-seeded', () => {
    const seed = demoTrainings[0];
    if (!seed) throw new Error('no demo training');
    const first = trainingFromSeed(seed, undefined, now);
    const again = trainingFromSeed(seed, first, new Date('2026-12-01T00:00:00Z'));
    expect(again.publishedAt).toBe(first.publishedAt);
  });
});
